"use server";

import { revalidatePath } from "next/cache";
import { submitForm, type FormState } from "@/lib/actions/web";
import { exchangeTokenAction } from "@/lib/actions/tokens/exchange-token";
import { replaceTokenAction } from "@/lib/actions/tokens/replace-token";
import { requestEmergencyCodeAction } from "@/lib/actions/tokens/request-emergency-code";
import type { ExchangeResult } from "@/lib/tokens/exchange";
import type { ReplaceResult } from "@/lib/tokens/replace";

/*
 * The lost-phone forms: replacement (a request after a phone check), exchange, and the request for
 * an emergency code. A counter slip comes back in the result this once; nothing here keeps it.
 */

export type ReplaceTokenState = FormState<ReplaceResult>;
export type ExchangeTokenState = FormState<ExchangeResult>;
export type EmergencyCodeState = FormState<{ requestId: string; expiresAt: Date }>;

function refresh(form: FormData) {
  revalidatePath(`/customers/${String(form.get("customerId"))}`);
}

export async function replaceTokenFormAction(_prev: ReplaceTokenState, form: FormData): Promise<ReplaceTokenState> {
  const result = await submitForm(replaceTokenAction, form);
  if (result?.ok) refresh(form);
  return result;
}

export async function exchangeTokenFormAction(_prev: ExchangeTokenState, form: FormData): Promise<ExchangeTokenState> {
  const result = await submitForm(exchangeTokenAction, form, { secret: ["otp"] });
  if (result?.ok) refresh(form);
  return result;
}

export async function requestEmergencyCodeFormAction(_prev: EmergencyCodeState, form: FormData): Promise<EmergencyCodeState> {
  const result = await submitForm(requestEmergencyCodeAction, form);
  if (result?.ok) refresh(form);
  return result;
}
