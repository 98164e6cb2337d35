import { timingSafeEqual } from "node:crypto";
import { RESYNC_WINDOW_STEPS, TOKEN_TOTP, VERIFY_WINDOW_STEPS } from "@/lib/tokens/policy";
import { digitsRegex } from "@/lib/validation/identifiers";
import { hotp, timeStep, verifyTotp, type TotpParams } from "./totp";

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
 * The steps password correction searches: ±RESYNC_WINDOW_STEPS around the server's own step
 * (ignoring the old offset: the point is to measure it afresh), skipping steps already used,
 * which are never accepted again.
 */
function* resyncWindow(state: TokenOtpState, at: Date, params: TotpParams): Generator<{ step: number; delta: number }> {
  const serverStep = timeStep(at, params.stepSeconds);
  for (let delta = -RESYNC_WINDOW_STEPS; delta <= RESYNC_WINDOW_STEPS; delta++) {
    const step = serverStep + delta;
    if (state.lastUsedStep !== null && step <= state.lastUsedStep) continue;
    yield { step, delta };
  }
}

/** Finds two codes from consecutive steps within the resync window and returns the new offset. */
export function findResyncOffset(state: TokenOtpState, code1: string, code2: string, at: Date, params: TotpParams = TOKEN_TOTP): ResyncCheck {
  const pattern = digitsRegex(params.digits);
  if (!pattern.test(code1) || !pattern.test(code2)) return { ok: false };
  for (const { step, delta } of resyncWindow(state, at, params)) {
    if (!sameCode(hotp(state.secret, step, params.digits, params.algorithm), code1)) continue;
    if (!sameCode(hotp(state.secret, step + 1, params.digits, params.algorithm), code2)) continue;
    // code1 is the device's current step, code2 the next one; both are used up.
    return { ok: true, offsetSteps: delta, step: step + 1 };
  }
  return { ok: false };
}

/**
 * A code refused by the everyday window may still be the phone's current one on a clock that is
 * off: if it matches an unused step within the resync window, the phone's clock is the likely
 * cause (S0F1) and password correction can fix it. Returns that step's distance from the server's
 * step, or null. It accepts nothing: one code is no proof of possession outside the window.
 */
export function findSkewedStep(state: TokenOtpState, code: string, at: Date, params: TotpParams = TOKEN_TOTP): number | null {
  if (!digitsRegex(params.digits).test(code)) return null;
  for (const { step, delta } of resyncWindow(state, at, params)) {
    if (sameCode(hotp(state.secret, step, params.digits, params.algorithm), code)) return delta;
  }
  return null;
}

function sameCode(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
