import { describe, expect, it } from "vitest";
import { checkTokenOtp, findResyncOffset, findSkewedStep, type TokenOtpState } from "@/lib/otp/engine";
import { RESYNC_WINDOW_STEPS, TOKEN_TOTP, VERIFY_WINDOW_STEPS } from "@/lib/tokens/policy";
import { hotp, timeStep, totpAt } from "@/lib/otp/totp";

const rfcSecret = Buffer.from("12345678901234567890", "ascii");

/**
 * The customer token's parameters (8 digits, 60 s, SHA-1) with the RFC 6238 seed, computed
 * independently with Python's hmac module (T = floor(t / 60), dynamic truncation, mod 10^8).
 */
const tokenVectors: Array<[number, string]> = [
  [59, "84755224"],
  [1111111109, "19360094"],
  [1234567890, "55713351"],
  [2000000000, "76864010"],
  [20000000000, "52948864"],
];

describe("customer token codes equal an independent RFC 6238 implementation", () => {
  it.each(tokenVectors)("t=%i → %s", (seconds, expected) => {
    expect(totpAt(rfcSecret, new Date(seconds * 1000), TOKEN_TOTP)).toBe(expected);
  });
});

describe("checkTokenOtp", () => {
  const at = new Date("2026-11-22T05:00:30Z");
  const step = timeStep(at, 60);
  const state = (over: Partial<TokenOtpState> = {}): TokenOtpState => ({ secret: rfcSecret, clockOffsetSteps: 0, lastUsedStep: null, ...over });
  const code = (s: number) => hotp(rfcSecret, s, 8);

  it("accepts the window around the expected step and nothing beyond", () => {
    expect(VERIFY_WINDOW_STEPS).toBe(1);
    for (const d of [-1, 0, 1]) expect(checkTokenOtp(state(), code(step + d), at)).toEqual({ ok: true, step: step + d });
    for (const d of [-2, 2]) expect(checkTokenOtp(state(), code(step + d), at)).toEqual({ ok: false, reason: "invalid_code" });
  });

  it("centres the window on the token's clock offset", () => {
    expect(checkTokenOtp(state({ clockOffsetSteps: 5 }), code(step + 6), at)).toEqual({ ok: true, step: step + 6 });
    expect(checkTokenOtp(state({ clockOffsetSteps: 5 }), code(step), at)).toEqual({ ok: false, reason: "invalid_code" });
  });

  it("refuses a used step, or an earlier one, as replay", () => {
    expect(checkTokenOtp(state({ lastUsedStep: step }), code(step), at)).toEqual({ ok: false, reason: "replay" });
    expect(checkTokenOtp(state({ lastUsedStep: step }), code(step - 1), at)).toEqual({ ok: false, reason: "replay" });
    expect(checkTokenOtp(state({ lastUsedStep: step }), code(step + 1), at)).toEqual({ ok: true, step: step + 1 });
  });

  it("refuses malformed codes", () => {
    for (const bad of ["", "1234567", "123456789", "abcdefgh"]) expect(checkTokenOtp(state(), bad, at).ok).toBe(false);
  });
});

describe("findResyncOffset (password correction)", () => {
  const at = new Date("2026-11-22T05:00:30Z");
  const step = timeStep(at, 60);
  const state: TokenOtpState = { secret: rfcSecret, clockOffsetSteps: 3, lastUsedStep: null };
  const code = (s: number) => hotp(rfcSecret, s, 8);

  it.each([-RESYNC_WINDOW_STEPS, -7, 0, 4, RESYNC_WINDOW_STEPS - 1])("measures an offset of %i steps afresh", (offset) => {
    expect(findResyncOffset(state, code(step + offset), code(step + offset + 1), at)).toEqual({ ok: true, offsetSteps: offset, step: step + offset + 1 });
  });

  it("refuses codes beyond the window, out of order, not consecutive, or already used", () => {
    expect(findResyncOffset(state, code(step + RESYNC_WINDOW_STEPS + 1), code(step + RESYNC_WINDOW_STEPS + 2), at).ok).toBe(false);
    expect(findResyncOffset(state, code(step + 1), code(step), at).ok).toBe(false);
    expect(findResyncOffset(state, code(step), code(step + 2), at).ok).toBe(false);
    expect(findResyncOffset({ ...state, lastUsedStep: step }, code(step), code(step + 1), at).ok).toBe(false);
  });
});

describe("findSkewedStep (the S0F1 hint)", () => {
  const at = new Date("2026-11-22T05:00:30Z");
  const step = timeStep(at, 60);
  const state = (over: Partial<TokenOtpState> = {}): TokenOtpState => ({ secret: rfcSecret, clockOffsetSteps: 0, lastUsedStep: null, ...over });
  const code = (s: number) => hotp(rfcSecret, s, 8);

  it("finds a code from a phone off by up to the resync window, and says by how many steps", () => {
    expect(findSkewedStep(state(), code(step + 7), at)).toBe(7);
    expect(findSkewedStep(state(), code(step - RESYNC_WINDOW_STEPS), at)).toBe(-RESYNC_WINDOW_STEPS);
    expect(findSkewedStep(state(), code(step + RESYNC_WINDOW_STEPS + 1), at)).toBeNull();
  });

  it("never points at a step already used, nor at malformed input", () => {
    expect(findSkewedStep(state({ lastUsedStep: step - 3 }), code(step - 5), at)).toBeNull();
    expect(findSkewedStep(state(), "1234", at)).toBeNull();
  });
});
