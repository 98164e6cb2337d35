import { text } from "@/lib/validation/text";
import { withinRateLimits } from "@/lib/api/rate-limit";
import { refusal, type ServiceResult } from "@/lib/tokens/outcome";
import type { AuditFacts, BeforeContext, RunContext } from "../types";

export const serviceIdField = text().regex(/^\d{8}$/);
export const userIdField = text().regex(/^\d{12}$/);
export const otpField = text().regex(/^\d{8}$/);

interface Outcome<T> {
  result: ServiceResult<T>;
  tokenId: string | null;
  customerId: string | null;
}

/** Every token-service action's `before` step: count the call (see withinRateLimits). */
export function countServiceCall(ctx: BeforeContext, key: { serviceId: string; userId: string }): Promise<boolean> {
  return withinRateLimits(ctx, key.serviceId, key.userId);
}

/**
 * The common frame of a token-service call: refuse it if the `before` step counted it over a
 * rate limit, run the domain
 * operation, and turn its outcome into the action's data and audit facts. A refusal commits (its
 * counters matter) and is recorded as outcome "failed"; `details` must hold no secret.
 */
export async function runServiceCall<T>(
  ctx: RunContext,
  key: { serviceId: string; userId: string },
  operation: () => Promise<Outcome<T> & { details?: Record<string, unknown> }>,
): Promise<{ data: ServiceResult<T>; audit: AuditFacts }> {
  const ids = { serviceId: key.serviceId, userId: key.userId };
  if (typeof ctx.before !== "boolean") throw new Error("token-service actions count the call in their before step (countServiceCall)");
  if (!ctx.before) {
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
