import { requestEmergencyCode, requestEmergencyCodeInput } from "@/lib/tokens/emergency-code";
import { defineAction } from "../types";

/** 緊急用コードの依頼: waits for a supervisor's approval; the code itself is made only then. */
export const requestEmergencyCodeAction = defineAction({
  name: "token.emergency_code", permission: "token.emergency_code", input: requestEmergencyCodeInput, assurance: "verified", subject: { kind: "customer", id: (input) => input.customerId },
  async run({ tx, now, principal }, input) {
    const done = await requestEmergencyCode(tx, principal, input, now);
    return { data: done, audit: { details: { requestId: done.requestId, expiresAt: done.expiresAt, riskFlags: done.riskFlags } } };
  },
});
