import { replaceToken, replaceTokenInput, type ReplaceResult } from "@/lib/tokens/replace";
import { defineAction, type ActionAudit } from "../types";

/**
 * 再発行: after an in-person check the replacement completes at once; after a phone check the old
 * token is suspended and a supervisor's approval is requested (lib/tokens/replace.ts).
 */
export const replaceTokenAction = defineAction({
  name: "token.replace", permission: "token.replace", input: replaceTokenInput, assurance: "verified", subject: { kind: "customer", id: (input) => input.customerId },
  async run({ tx, now, principal }, input): Promise<{ data: ReplaceResult; audit: ActionAudit<"token.replace"> }> {
    const { result, old, before } = await replaceToken(tx, principal, input, now);
    // Recorded field by field: never the activation password or the slip.
    const common = { serial: old.serial, replaceReason: input.replaceReason, riskFlags: result.riskFlags, notices: result.notices, before: { status: before } };
    if (result.outcome === "replaced") {
      return {
        data: result,
        audit: { tokenId: old.id, details: { ...common, outcome: "replaced", after: { status: "revoked" }, newTokenId: result.tokenId, newSerial: result.serial, delivery: result.delivery } },
      };
    }
    return {
      data: result,
      audit: { tokenId: old.id, details: { ...common, outcome: "requested", after: { status: "suspended" }, requestId: result.requestId, expiresAt: result.expiresAt } },
    };
  },
});
