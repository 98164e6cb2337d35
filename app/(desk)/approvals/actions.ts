"use server";

import { revalidatePath } from "next/cache";
import { submitForm, type FormState } from "@/lib/actions/web";
import { approveRequestAction } from "@/lib/actions/approvals/approve-request";
import { rejectRequestAction } from "@/lib/actions/approvals/reject-request";

export type DecideState = FormState<{ requestId: string; decision: "approve" | "reject" }>;

/** One form, two buttons: the pressed one says which decision the supervisor made. */
export async function decideFormAction(_prev: DecideState, form: FormData): Promise<DecideState> {
  const decision = form.get("decision") === "approve" ? "approve" : "reject";
  const result = decision === "approve" ? await submitForm(approveRequestAction, form) : await submitForm(rejectRequestAction, form);
  if (!result) return null;
  if (!result.ok) return result;
  revalidatePath("/approvals");
  revalidatePath("/");
  // Only what the queue's success line needs: never the new token's details.
  return { ...result, data: { requestId: result.data.requestId, decision } };
}
