import type { Tx } from "@/db/client";
import { checkTokenOtp, findResyncOffset } from "@/lib/otp/engine";
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
    const failure = await recordOtpFailure(tx, token, check.reason, now);
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
  const ids = { tokenId: token.id, customerId: token.customerId };
  const found = findResyncOffset(state, input.otp1, input.otp2, now);
  if (!found.ok) {
    const failure = await recordOtpFailure(tx, token, "invalid_code", now);
    return { ...ids, result: failure.refusal, otpFailures: failure.otpFailures };
  }
  await recordOtpSuccess(tx, token, found.step, now, { clockOffsetSteps: found.offsetSteps });
  return { ...ids, result: { ok: true, offsetSteps: found.offsetSteps }, otpFailures: 0 };
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
