import { and, eq, gt } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { tokens } from "@/db/schema";
import { open } from "@/lib/crypto/secretbox";
import { checkTokenOtp } from "@/lib/otp/engine";
import { recordOtpSuccess } from "./otp-use";

export type CallerOtpResult = "match" | "mismatch" | "no_active_token";

/**
 * The caller reads the current code from their app during phone verification: it must match one
 * of the customer's active, unexpired tokens (same window and replay rule as internet banking).
 * A match spends that step, so the code read out cannot be replayed at sign-in. A mismatch is not
 * counted against the token: the desk's own rule (3 failed verifications in 24 h block the
 * customer) limits guessing here, and a stranger on the phone must not be able to lock the real
 * customer's token. Which token matched is never returned.
 */
export async function checkCallerOtp(tx: Tx, customerId: string, otp: string, now: Date): Promise<CallerOtpResult> {
  const candidates = await tx
    .select()
    .from(tokens)
    .where(and(eq(tokens.customerId, customerId), eq(tokens.status, "active"), gt(tokens.expiresAt, now)))
    .for("update");
  const usable = candidates.filter((token) => token.totpSecretEnc);
  if (usable.length === 0) return "no_active_token";
  for (const token of usable) {
    const state = { secret: open(token.totpSecretEnc!), clockOffsetSteps: token.clockOffsetSteps, lastUsedStep: token.lastUsedStep };
    const check = checkTokenOtp(state, otp, now);
    if (check.ok) {
      await recordOtpSuccess(tx, token, check.step, now);
      return "match";
    }
  }
  return "mismatch";
}
