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
 * Finds two codes from consecutive steps within the resync window around the server's own step
 * (ignoring the old offset: the point is to measure it afresh) and returns the new offset. Steps
 * already used are never accepted again.
 */
export function findResyncOffset(state: TokenOtpState, code1: string, code2: string, at: Date, params: TotpParams = TOKEN_TOTP): ResyncCheck {
  const pattern = digitsRegex(params.digits);
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
