import type { Tx } from "@/db/client";
import type { Token } from "@/db/schema";
import { checkTokenOtp, findResyncOffset, findSkewedStep, type TokenOtpState } from "@/lib/otp/engine";
import { refusal, type ServiceResult } from "./outcome";
import { loadUsableToken, recordOtpFailure, recordOtpSuccess, type TokenIds } from "./otp-use";
import { RENEWAL_WINDOW_MS, TOKEN_LIFETIME_MS } from "./policy";

export interface OtpOutcome<T> extends TokenIds {
  result: ServiceResult<T>;
  otpFailures?: number;
}

/** What internet banking asks at sign-in and transfer: is this the token's current code? */
export async function verifyTokenOtp(tx: Tx, input: { serviceId: string; userId: string; otp: string }, now: Date): Promise<OtpOutcome<{ step: number }>> {
  const usable = await loadUsableToken(tx, input.serviceId, input.userId, now, { notActive: null, suspended: null });
  if (!usable.ok) return { ...usable.ids, result: usable.refusal };
  const { token, state } = usable;
  const ids = { tokenId: token.id, customerId: token.customerId };
  const check = checkTokenOtp(state, input.otp, now);
  if (!check.ok) {
    // Still a wrong code that counts, but the app can tell the customer their clock is off (S0F1).
    const skewed = check.reason === "invalid_code" && findSkewedStep(state, input.otp, now) !== null;
    const failure = await recordOtpFailure(tx, token, check.reason, now, skewed ? "S0F1" : null);
    return { ...ids, result: failure.refusal, otpFailures: failure.otpFailures };
  }
  await recordOtpSuccess(tx, token, check.step, now);
  return { ...ids, result: { ok: true, step: check.step }, otpFailures: 0 };
}

/** パスワード補正: two consecutive codes measure the device's clock offset. */
export async function resyncToken(
  tx: Tx,
  input: { serviceId: string; userId: string; otp1: string; otp2: string },
  now: Date,
): Promise<OtpOutcome<{ offsetSteps: number }>> {
  const usable = await loadUsableToken(tx, input.serviceId, input.userId, now, { notActive: "S3B3", suspended: "S3B5" });
  if (!usable.ok) return { ...usable.ids, result: usable.refusal };
  const { token, state } = usable;
  return { tokenId: token.id, customerId: token.customerId, ...(await resyncLoadedToken(tx, token, state, input, now)) };
}

/**
 * Password correction's one rule, for a token already loaded and row-locked by its caller (the
 * app's API, or the desk reading the caller's codes): two codes from consecutive steps within the
 * resync window set the offset and end the failure run; a pair that matches nowhere counts as
 * one wrong code. `onSuccess` adds what the caller changes with it (the desk lifts a lock).
 */
export async function resyncLoadedToken(
  tx: Tx,
  token: Token,
  state: TokenOtpState,
  codes: { otp1: string; otp2: string },
  now: Date,
  onSuccess: Partial<Pick<Token, "status">> = {},
): Promise<{ result: ServiceResult<{ offsetSteps: number }>; otpFailures: number }> {
  const found = findResyncOffset(state, codes.otp1, codes.otp2, now);
  if (!found.ok) {
    const failure = await recordOtpFailure(tx, token, "invalid_code", now);
    return { result: failure.refusal, otpFailures: failure.otpFailures };
  }
  await recordOtpSuccess(tx, token, found.step, now, { clockOffsetSteps: found.offsetSteps, ...onSuccess });
  return { result: { ok: true, offsetSteps: found.offsetSteps }, otpFailures: 0 };
}

/**
 * 有効期限更新: within the renewal window before expiry the app renews, proving possession
 * with a current code; the new expiry is the old one plus a lifetime.
 */
export async function renewToken(
  tx: Tx,
  input: { serviceId: string; userId: string; otp: string },
  now: Date,
): Promise<OtpOutcome<{ expiresAt: Date; previousExpiresAt: Date }>> {
  const usable = await loadUsableToken(tx, input.serviceId, input.userId, now, { notActive: "S3B3", suspended: "S3B5" });
  if (!usable.ok) return { ...usable.ids, result: usable.refusal };
  const { token, state } = usable;
  const ids = { tokenId: token.id, customerId: token.customerId };
  if (token.expiresAt.getTime() - now.getTime() > RENEWAL_WINDOW_MS) return { ...ids, result: refusal("outside_renewal_window", "S3E4") };
  const check = checkTokenOtp(state, input.otp, now);
  if (!check.ok) {
    const failure = await recordOtpFailure(tx, token, check.reason, now);
    return { ...ids, result: failure.refusal, otpFailures: failure.otpFailures };
  }
  const expiresAt = new Date(token.expiresAt.getTime() + TOKEN_LIFETIME_MS);
  await recordOtpSuccess(tx, token, check.step, now, { expiresAt });
  return { ...ids, result: { ok: true, expiresAt, previousExpiresAt: token.expiresAt }, otpFailures: 0 };
}
