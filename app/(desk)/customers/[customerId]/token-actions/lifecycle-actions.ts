"use server";

import { revalidatePath } from "next/cache";
import { submitForm, type FormState } from "@/lib/actions/web";
import type { ActionResult } from "@/lib/actions/types";
import { unlockTokenAction } from "@/lib/actions/tokens/unlock-token";
import { resyncCallerTokenAction } from "@/lib/actions/tokens/resync-caller-token";
import { suspendTokenAction } from "@/lib/actions/tokens/suspend-token";
import { resumeTokenAction } from "@/lib/actions/tokens/resume-token";
import { cancelTokenAction } from "@/lib/actions/tokens/cancel-token";
import type { DeskResync, TokenNamed } from "@/lib/tokens/lifecycle";
import type { TokenStatus } from "@/db/schema";

export type NamedState = FormState<TokenNamed>;
export type ResyncState = FormState<DeskResync>;
export type ResumeState = FormState<TokenNamed & { status: TokenStatus }>;
export type CancelState = FormState<TokenNamed & { newTokenFrom: string; withdrawnRequest: boolean }>;

/** Redraws the customer page after a change (also after a counted refusal: its counters moved). */
function redraw(form: FormData, result: { ok: boolean } | null): void {
  if (result?.ok) revalidatePath(`/customers/${String(form.get("customerId"))}`);
}

export async function unlockTokenFormAction(_prev: NamedState, form: FormData): Promise<NamedState> {
  const result = await submitForm(unlockTokenAction, form);
  redraw(form, result);
  return result;
}

/**
 * The caller's two codes are never sent back to the browser, whatever happened; a refused pair
 * keeps the reason and memo so the operator only asks for two new codes.
 */
export async function resyncTokenFormAction(_prev: ResyncState, form: FormData): Promise<ResyncState> {
  const result = await submitForm(resyncCallerTokenAction, form, { secret: ["otp1", "otp2"], keep: (r: ActionResult<DeskResync>) => !r.ok || !r.data.ok });
  redraw(form, result);
  return result;
}

export async function suspendTokenFormAction(_prev: NamedState, form: FormData): Promise<NamedState> {
  const result = await submitForm(suspendTokenAction, form);
  redraw(form, result);
  return result;
}

export async function resumeTokenFormAction(_prev: ResumeState, form: FormData): Promise<ResumeState> {
  const result = await submitForm(resumeTokenAction, form);
  redraw(form, result);
  return result;
}

export async function cancelTokenFormAction(_prev: CancelState, form: FormData): Promise<CancelState> {
  const result = await submitForm(cancelTokenAction, form);
  redraw(form, result);
  return result;
}
