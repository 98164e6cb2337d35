"use server";

import { revalidatePath } from "next/cache";
import { submitForm, type FormState } from "@/lib/actions/web";
import { approveRequestAction } from "@/lib/actions/approvals/approve-request";
import { rejectRequestAction } from "@/lib/actions/approvals/reject-request";
import { decisionSummary, type DecisionSummary } from "@/lib/approvals/decision-line";

export type DecideState = FormState<DecisionSummary>;

/** One form, two buttons: the pressed one says which decision the supervisor made. */
export async function decideFormAction(_prev: DecideState, form: FormData): Promise<DecideState> {
  if (form.get("decision") === "approve") {
    const result = await submitForm(approveRequestAction, form);
    if (!result?.ok) return result;
    redraw();
    return { ...result, data: decisionSummary({ decision: "approve", data: result.data }) };
  }
  const result = await submitForm(rejectRequestAction, form);
  if (!result?.ok) return result;
  redraw();
  return { ...result, data: decisionSummary({ decision: "reject", data: result.data }) };
}

/** The decided request leaves the queue, and the home page's count. */
function redraw(): void {
  revalidatePath("/approvals");
  revalidatePath("/");
}
