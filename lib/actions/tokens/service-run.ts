import { withinRateLimits } from "@/lib/tokens/rate-limit";
import { refusal, type ServiceResult } from "@/lib/tokens/outcome";
import type { ActionAudit, BeforeContext, RunContext } from "../types";

interface Outcome<T> {
  result: ServiceResult<T>;
  tokenId: string | null;
  customerId: string | null;
  /** The token's counters after the call, recorded when the operation reports them. */
  otpFailures?: number;
  activationFailures?: number;
  /** Tokens the call revoked beside its own (an exchange's old token on the new one's activation). */
  retiredSerials?: string[];
}

/** Every token-service action's `before` step: count the call (see withinRateLimits). */
export function countServiceCall(ctx: BeforeContext, key: { serviceId: string; userId: string }): Promise<boolean> {
  return withinRateLimits(ctx, key.serviceId, key.userId);
}

/**
 * The common frame of a token-service call: refuse it if the `before` step counted it over a rate
 * limit, run the domain operation, and turn its outcome into the action's data and audit facts:
 * the token's counters, plus what `describe` adds for an accepted call. A refusal commits (its
 * counters matter) and is recorded as outcome "failed"; details must hold no secret.
 */
export async function runServiceCall<I extends { serviceId: string; userId: string }, T>(
  ctx: RunContext,
  input: I,
  operation: (tx: RunContext["tx"], input: I, now: Date) => Promise<Outcome<T>>,
  describe: (accepted: T) => Record<string, unknown> = () => ({}),
): Promise<{ data: ServiceResult<T>; audit: ActionAudit<"token_service.verify" | "token_service.activate" | "token_service.resync" | "token_service.renew" | "token_service.verify_emergency"> }> {
  const ids = { serviceId: input.serviceId, userId: input.userId };
  if (typeof ctx.before !== "boolean") throw new Error("token-service actions count the call in their before step (countServiceCall)");
  if (!ctx.before) {
    return { data: refusal("rate_limited"), audit: { outcome: "failed", details: { ...ids, result: "refused", reason: "rate_limited" } } };
  }
  const outcome = await operation(ctx.tx, input, ctx.now);
  const { result, tokenId, customerId } = outcome;
  const details = {
    ...(outcome.activationFailures !== undefined ? { activationFailures: outcome.activationFailures } : {}),
    ...(outcome.otpFailures !== undefined ? { otpFailures: outcome.otpFailures } : {}),
    ...(outcome.retiredSerials ? { retiredSerials: outcome.retiredSerials } : {}),
    ...(result.ok ? describe(result) : {}),
  };
  const summary = result.ok
    ? { result: "accepted" as const }
    : { result: "refused" as const, reason: result.reason, appError: result.appError, ...(result.lockedNow ? { lockedNow: true } : {}) };
  return {
    data: result,
    audit: { tokenId, customerId, outcome: result.ok ? "success" : "failed", details: { ...ids, ...summary, ...details } },
  };
}
