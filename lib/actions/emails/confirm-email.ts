import { confirmEmail } from "@/lib/emails/register";
import { confirmEmailInput } from "@/lib/emails/schemas";
import { hitRateLimits } from "@/lib/tokens/rate-limit";
import { refusal } from "@/lib/tokens/outcome";
import { defineAction, type BeforeContext } from "../types";

/** Calls per contract per minute: a person types a code a few times, not dozens. */
export const CONFIRM_CALLS_PER_MINUTE = 10;

/**
 * Counted before the transaction, as the token operations count theirs: per client (its own
 * limit) and per contract, in statements that commit on their own.
 */
async function countConfirmCall({ db, now, principal }: BeforeContext, input: { contractId: string }): Promise<boolean> {
  const client = principal.apiClient;
  if (!client) throw new Error("token_service.confirm_email needs an API client principal");
  const [clientHits, contractHits] = (await hitRateLimits(db, [`client:${client.id}`, `email-confirm:${input.contractId}`], now)) as [number, number];
  return clientHits <= client.rateLimitPerMinute && contractHits <= CONFIRM_CALLS_PER_MINUTE;
}

/**
 * The customer's side (internet banking) passes on the confirmation code its signed-in customer
 * typed for a newly registered address; a right code within the deadline confirms the address.
 */
export const confirmEmailAction = defineAction({
  name: "token_service.confirm_email", permission: "token_service.confirm_email", input: confirmEmailInput, assurance: "none", subject: { kind: "customer" },
  before: countConfirmCall,
  async run({ tx, now, before }, input) {
    if (before !== true) return { data: refusal("rate_limited"), audit: { outcome: "failed", details: { result: "refused", reason: "rate_limited" } } };
    return confirmEmail(tx, input, now);
  },
});
