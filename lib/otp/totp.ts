import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { digitsRegex } from "@/lib/validation/identifiers";
import { base32Encode } from "./base32";

export type TotpAlgorithm = "sha1" | "sha256" | "sha512";

export interface TotpParams {
  digits: 6 | 8;
  stepSeconds: number;
  algorithm: TotpAlgorithm;
}

/** Staff authenticators: the de-facto standard every authenticator app supports. */
export const STAFF_TOTP: TotpParams = { digits: 6, stepSeconds: 30, algorithm: "sha1" };

/** RFC 4226 HOTP with dynamic truncation. */
export function hotp(secret: Buffer, counter: number, digits: number, algorithm: TotpAlgorithm = "sha1"): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, secret).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

export function timeStep(at: Date, stepSeconds: number): number {
  return Math.floor(at.getTime() / 1000 / stepSeconds);
}

/** RFC 6238 TOTP at a moment, optionally shifted by whole steps (a token's clock offset). */
export function totpAt(secret: Buffer, at: Date, params: TotpParams, offsetSteps = 0): string {
  return hotp(secret, timeStep(at, params.stepSeconds) + offsetSteps, params.digits, params.algorithm);
}

export interface VerifyOptions {
  /** Steps accepted either side of the expected one. */
  window: number;
  offsetSteps?: number;
  /** The last step already accepted: that step and earlier ones are refused (no replay). */
  lastUsedStep?: number | null;
}

export type VerifyResult = { ok: true; step: number } | { ok: false; replay: boolean };

export function verifyTotp(secret: Buffer, code: string, at: Date, params: TotpParams, options: VerifyOptions): VerifyResult {
  if (!digitsRegex(params.digits).test(code)) return { ok: false, replay: false };
  const expected = timeStep(at, params.stepSeconds) + (options.offsetSteps ?? 0);
  const given = Buffer.from(code);
  let replay = false;
  for (let delta = -options.window; delta <= options.window; delta++) {
    const step = expected + delta;
    const candidate = Buffer.from(hotp(secret, step, params.digits, params.algorithm));
    if (!timingSafeEqual(candidate, given)) continue;
    if (options.lastUsedStep != null && step <= options.lastUsedStep) {
      replay = true;
      continue;
    }
    return { ok: true, step };
  }
  return { ok: false, replay };
}

export function generateTotpSecret(bytes = 20): Buffer {
  return randomBytes(bytes);
}

/** otpauth:// URI (Key Uri Format) that standard authenticator apps import. */
export function otpauthUri(opts: { issuer: string; account: string; secret: Buffer; params: TotpParams }): string {
  const label = encodeURIComponent(`${opts.issuer}:${opts.account}`);
  const query = new URLSearchParams({
    secret: base32Encode(opts.secret),
    issuer: opts.issuer,
    algorithm: opts.params.algorithm.toUpperCase(),
    digits: String(opts.params.digits),
    period: String(opts.params.stepSeconds),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}
