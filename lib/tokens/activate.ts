import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { tokens } from "@/db/schema";
import { burnPasswordCheck, verifyPassword } from "@/lib/auth/password";
import { seal } from "@/lib/crypto/secretbox";
import { base32Encode } from "@/lib/otp/base32";
import { generateTotpSecret, otpauthUri } from "@/lib/otp/totp";
import { retireExchangedTokens } from "./exchange";
import { expireIfDue, loadLiveTokenForUpdate } from "./load";
import { refusal, type ServiceResult } from "./outcome";
import { DEVICE_CLOCK_TOLERANCE_MS, isKnownService, MAX_ACTIVATION_FAILURES, OTP_ISSUER, TOKEN_TOTP } from "./policy";

export interface ActivateInput {
  serviceId: string;
  userId: string;
  activationPassword: string;
  device: { label?: string | undefined; time?: Date | undefined };
}

export interface Activated {
  tokenId: string;
  customerId: string;
  serial: string;
  expiresAt: Date;
  /** The TOTP secret, returned this once and kept only sealed (AES-256-GCM). */
  secretBase32: string;
  otpauthUri: string;
  digits: number;
  period: number;
  algorithm: string;
}

export interface ActivateOutcome {
  result: ServiceResult<Activated>;
  tokenId: string | null;
  customerId: string | null;
  activationFailures?: number;
  /** The serials of the tokens this activation ended (an exchange's old token), for the audit event. */
  retiredSerials?: string[];
}

/**
 * 利用開始: binds a pending token to the device with the activation password.
 * Checks run from what the customer cannot fix to what they can, and only a wrong password counts
 * towards the lock: five in a row lock activation (S0C4) until the desk resets it.
 */
export async function activateToken(tx: Tx, input: ActivateInput, now: Date): Promise<ActivateOutcome> {
  const none = { tokenId: null, customerId: null };
  if (!isKnownService(input.serviceId)) return { ...none, result: refusal("unknown_service", "S0A1") };

  const token = await loadLiveTokenForUpdate(tx, input.serviceId, input.userId);
  if (!token) {
    // Same answer and the same time as a wrong password: a user ID cannot be probed.
    await burnPasswordCheck(input.activationPassword);
    return { ...none, result: refusal("wrong_credentials", "S0C1") };
  }
  const ids = { tokenId: token.id, customerId: token.customerId };
  if (token.status === "suspended") return { ...ids, result: refusal("suspended", "S0B5") };
  if (token.status === "active" || token.status === "locked") return { ...ids, result: refusal("already_active", "S0B4") };
  if (token.status === "activation_locked") return { ...ids, result: refusal("activation_locked", "S0C4") };
  if (await expireIfDue(tx, token, now)) return { ...ids, result: refusal("expired", "S4E3") };
  if (input.device.time && Math.abs(input.device.time.getTime() - now.getTime()) > DEVICE_CLOCK_TOLERANCE_MS) {
    return { ...ids, result: refusal("device_clock", "S0F1") };
  }
  if (!token.activationPasswordHash || !token.activationDeadline || token.activationDeadline <= now) {
    await burnPasswordCheck(input.activationPassword);
    return { ...ids, result: refusal("activation_expired", "S0C1") };
  }

  if (!(await verifyPassword(token.activationPasswordHash, input.activationPassword))) {
    const failures = token.activationFailures + 1;
    const lockedNow = failures >= MAX_ACTIVATION_FAILURES;
    await tx
      .update(tokens)
      .set({ activationFailures: failures, status: lockedNow ? "activation_locked" : token.status, updatedAt: now })
      .where(eq(tokens.id, token.id));
    const result = lockedNow ? refusal("activation_locked", "S0C4", true) : refusal("wrong_credentials", "S0C1");
    return { ...ids, result, activationFailures: failures };
  }

  const secret = generateTotpSecret();
  await tx
    .update(tokens)
    .set({
      status: "active",
      totpSecretEnc: seal(secret),
      // The activation password is single-use: nothing can bind the token a second time.
      activationPasswordHash: null,
      activationFailures: 0,
      otpFailures: 0,
      clockOffsetSteps: 0,
      lastUsedStep: null,
      deviceLabel: input.device.label ?? null,
      activatedAt: now,
      updatedAt: now,
    })
    .where(eq(tokens.id, token.id));
  // An exchange: the old phone's token worked until this moment, and stops with it.
  const retiredSerials = await retireExchangedTokens(tx, token, now);
  return {
    ...ids,
    activationFailures: 0,
    ...(retiredSerials.length > 0 ? { retiredSerials } : {}),
    result: {
      ok: true,
      tokenId: token.id,
      customerId: token.customerId,
      serial: token.serial,
      expiresAt: token.expiresAt,
      secretBase32: base32Encode(secret),
      otpauthUri: otpauthUri({ issuer: OTP_ISSUER, account: `${token.serviceId}-${token.userId}`, secret, params: TOKEN_TOTP }),
      digits: TOKEN_TOTP.digits,
      period: TOKEN_TOTP.stepSeconds,
      algorithm: TOKEN_TOTP.algorithm.toUpperCase(),
    },
  };
}
