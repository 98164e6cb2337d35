import { timingSafeEqual } from "node:crypto";
import { hotp, timeStep, TOKEN_TOTP, verifyTotp, type TotpParams } from "./totp";

/**
 * Acceptance window: one 60-second step either side of the token's expected step (its clock
 * offset applied). That absorbs a code typed just before the minute turned plus network and
 * clock jitter of up to a minute, while keeping the guessing odds tiny: 3 candidates out of 10^8
 * per attempt, and the token locks after 10 wrong attempts (≈ 3·10^-7 per lock). Larger drift is
 * the app's password correction (resync), not a wider everyday window.
 */
export const VERIFY_WINDOW_STEPS = 1;
/** Consecutive wrong codes that lock a token (a replay of an accepted code is refused, not counted). */
export const MAX_OTP_FAILURES = 10;
/**
 * Password correction searches ±60 steps (one hour) around the server's step for two codes from
 * consecutive steps; two 8-digit codes in a row make a false match ≈ 121·10^-16. A phone off by
 * more than an hour has a wrong date or time zone: the customer must fix the clock first.
 */
export const RESYNC_WINDOW_STEPS = 60;

export interface TokenOtpState {
  secret: Buffer;
  clockOffsetSteps: number;
  lastUsedStep: number | null;
}

export type OtpCheck = { ok: true; step: number } | { ok: false; reason: "invalid_code" | "replay" };

/** One code against a token's state at a moment: window around the offset, replay refused. */
export function checkTokenOtp(state: TokenOtpState, code: string, at: Date, params: TotpParams = TOKEN_TOTP): OtpCheck {
  const result = verifyTotp(state.secret, code, at, params, {
    window: VERIFY_WINDOW_STEPS,
    offsetSteps: state.clockOffsetSteps,
    lastUsedStep: state.lastUsedStep,
  });
  if (result.ok) return { ok: true, step: result.step };
  return { ok: false, reason: result.replay ? "replay" : "invalid_code" };
}

export type ResyncCheck = { ok: true; offsetSteps: number; step: number } | { ok: false };

/**
 * Finds two codes from consecutive steps within the resync window around the server's own step
 * (ignoring the old offset: the point is to measure it afresh) and returns the new offset. Steps
 * already used are never accepted again.
 */
export function findResyncOffset(state: TokenOtpState, code1: string, code2: string, at: Date, params: TotpParams = TOKEN_TOTP): ResyncCheck {
  const pattern = new RegExp(`^\\d{${params.digits}}$`);
  if (!pattern.test(code1) || !pattern.test(code2)) return { ok: false };
  const serverStep = timeStep(at, params.stepSeconds);
  for (let delta = -RESYNC_WINDOW_STEPS; delta <= RESYNC_WINDOW_STEPS; delta++) {
    const step = serverStep + delta;
    if (state.lastUsedStep !== null && step <= state.lastUsedStep) continue;
    if (!sameCode(hotp(state.secret, step, params.digits, params.algorithm), code1)) continue;
    if (!sameCode(hotp(state.secret, step + 1, params.digits, params.algorithm), code2)) continue;
    // code1 is the device's current step, code2 the next one; both are used up.
    return { ok: true, offsetSteps: step - serverStep, step: step + 1 };
  }
  return { ok: false };
}

function sameCode(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
