import { approveRequest, decideRequestInput, type ApproveResult } from "@/lib/approvals/decide";
import { defineAction, type ActionAudit } from "../types";

/**
 * 承認: a supervisor who is not the requester lets a four-eyes request run (the replacement, or the
 * emergency code). The supervisor judges the requester's evidence, not the caller: no caller
 * verification of their own is asked for, and the event names the requester's verification as
 * the one the decision relied on.
 */
export const approveRequestAction = defineAction({
  name: "approval.approve", permission: "approval.decide", input: decideRequestInput, assurance: "none", subject: { kind: "customer" },
  async run({ tx, now, principal }, input): Promise<{ data: ApproveResult; audit: ActionAudit<"approval.approve"> }> {
    const done = await approveRequest(tx, principal, input, now);
    const common = { requestId: done.requestId, kind: done.kind, requestedBy: done.requestedBy, notices: done.notices };
    if (done.kind === "replacement") {
      // One event for the one change of both tokens, as the counter's replacement records it: the
      // old token (the one the request named) is its subject, the new one is named in its details.
      return {
        data: done,
        audit: { customerId: done.customerId, tokenId: done.oldTokenId, verificationId: done.verificationId, details: { ...common, serial: done.oldSerial, newTokenId: done.tokenId, newSerial: done.serial, delivery: done.delivery } },
      };
    }
    return { data: done, audit: { customerId: done.customerId, verificationId: done.verificationId, details: { ...common, codeExpiresAt: done.codeExpiresAt } } };
  },
});
