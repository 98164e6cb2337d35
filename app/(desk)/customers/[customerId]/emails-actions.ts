"use server";

import { revalidatePath } from "next/cache";
import { submitForm, type FormState } from "@/lib/actions/web";
import { addEmailAction } from "@/lib/actions/emails/add-email";
import { deleteEmailAction } from "@/lib/actions/emails/delete-email";
import type { AddedEmail, DeletedEmail } from "@/lib/emails/register";

export type AddEmailState = FormState<AddedEmail>;
export type DeleteEmailState = FormState<DeletedEmail>;

export async function addEmailFormAction(_prev: AddEmailState, form: FormData): Promise<AddEmailState> {
  const result = await submitForm(addEmailAction, form);
  if (result?.ok) revalidatePath(`/customers/${String(form.get("customerId"))}`);
  return result;
}

export async function deleteEmailFormAction(_prev: DeleteEmailState, form: FormData): Promise<DeleteEmailState> {
  const result = await submitForm(deleteEmailAction, form);
  if (result?.ok) revalidatePath(`/customers/${String(form.get("customerId"))}`);
  return result;
}
