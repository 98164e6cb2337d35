import type { Tx } from "@/db/client";

/**
 * SEAM for the optional "caller reads the current OTP from their app" check.
 *
 * The token engine (lib/otp, issue in progress elsewhere) will provide a function of this shape
 * that checks an 8-digit OTP against the customer's active token (drift window, replay
 * protection) without revealing which token matched. Until it is wired here the check is ABSENT:
 * `callerOtpCheck` is null, the verification form does not offer the field, and the phone
 * verification action rejects any `otp` input rather than pretending to have checked it.
 */
export type CallerOtpCheck = (tx: Tx, customerId: string, otp: string, now: Date) => Promise<"match" | "mismatch" | "no_active_token">;

export const callerOtpCheck: CallerOtpCheck | null = null;
