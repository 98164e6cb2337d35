import { withinRateLimits } from "@/lib/api/rate-limit";
import { refusal, type ServiceResult } from "@/lib/tokens/outcome";
import type { AuditFacts, RunContext } from "../types";

interface Outcome<T> {
  result: ServiceResult<T>;
  tokenId: string | null;
  customerId: string | null;
}

/**
 * The common frame of a token-service call: count it against the rate limits, run the domain
 * operation, and turn its outcome into the action's data and audit facts. A refusal commits (its
 * counters matter) and is recorded as outcome "failed"; `details` must hold no secret.
 */
export async function runServiceCall<T>(
  ctx: RunContext,
  key: { serviceId: string; userId: string },
  operation: () => Promise<Outcome<T> & { details?: Record<string, unknown> }>,
): Promise<{ data: ServiceResult<T>; audit: AuditFacts }> {
  const ids = { serviceId: key.serviceId, userId: key.userId };
  if (!(await withinRateLimits(ctx, key.serviceId, key.userId))) {
    return { data: refusal("rate_limited"), audit: { outcome: "failed", details: { ...ids, result: "refused", reason: "rate_limited" } } };
  }
  const { result, tokenId, customerId, details } = await operation();
  const summary = result.ok
    ? { result: "accepted" }
    : { result: "refused", reason: result.reason, appError: result.appError, ...(result.lockedNow ? { lockedNow: true } : {}) };
  return {
    data: result,
    audit: { tokenId, customerId, outcome: result.ok ? "success" : "failed", details: { ...ids, ...summary, ...details } },
  };
}
