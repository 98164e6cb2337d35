import { decideRequestInput, rejectRequest } from "@/lib/approvals/decide";
import { defineAction } from "../types";

/** 却下: a supervisor who is not the requester refuses a four-eyes request, with a reason. */
export const rejectRequestAction = defineAction({
  name: "approval.reject", permission: "approval.decide", input: decideRequestInput, assurance: "none", subject: { kind: "customer" },
  async run({ tx, now, principal }, input) {
    const done = await rejectRequest(tx, principal, input, now);
    return { data: done, audit: { customerId: done.customerId, tokenId: done.tokenId, verificationId: done.verificationId, details: { requestId: done.requestId, kind: done.kind, requestedBy: done.requestedBy, notices: done.notices } } };
  },
});
