import type { Translate } from "@/lib/i18n/translate";
import { formatJst } from "@/lib/time/format";
import type { ApproveResult, RejectResult } from "./decide";

/**
 * What the queue keeps saying after a decision, when the request's row has left it: what was
 * decided, for whom, about which token, and what happens next — names and serials, never ids.
 */
export type DecisionSummary =
  | { decision: "approve"; kind: "replacement"; customerName: string; serial: string; newSerial: string }
  | { decision: "approve"; kind: "emergency_code"; customerName: string; codeExpiresAt: string }
  | { decision: "reject"; kind: "replacement"; customerName: string; serial: string | null }
  | { decision: "reject"; kind: "emergency_code"; customerName: string };

/** The decision's result, cut down to what the confirmation says (nothing else reaches the browser). */
export function decisionSummary(result: { decision: "approve"; data: ApproveResult } | { decision: "reject"; data: RejectResult }): DecisionSummary {
  const { customerName } = result.data;
  if (result.decision === "reject") {
    return result.data.kind === "replacement" ? { decision: "reject", kind: "replacement", customerName, serial: result.data.serial } : { decision: "reject", kind: "emergency_code", customerName };
  }
  const data = result.data;
  return data.kind === "replacement"
    ? { decision: "approve", kind: "replacement", customerName, serial: data.oldSerial, newSerial: data.serial }
    : { decision: "approve", kind: "emergency_code", customerName, codeExpiresAt: data.codeExpiresAt.toISOString() };
}

/** The confirmation line, in the reader's language, with JST times. */
export function decisionLine(t: Translate, d: DecisionSummary): string {
  const customer = d.customerName;
  if (d.decision === "approve") {
    return d.kind === "replacement"
      ? t("approvals.decided.replacementApproved", { customer, serial: d.serial, newSerial: d.newSerial })
      : t("approvals.decided.emergencyApproved", { customer, expires: formatJst(d.codeExpiresAt) });
  }
  if (d.kind === "replacement") return t("approvals.decided.replacementRejected", { customer, serial: d.serial ?? "—" });
  return t("approvals.decided.emergencyRejected", { customer });
}
