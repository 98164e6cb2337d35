import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { tokens, type Token } from "@/db/schema";
import { open } from "@/lib/crypto/secretbox";
import type { TokenOtpState } from "@/lib/otp/engine";
import { expireIfDue, loadLiveTokenForUpdate } from "./load";
import { refusal, type AppErrorCode, type ServiceRefusal } from "./outcome";
import { isKnownService, MAX_OTP_FAILURES } from "./policy";

/** App codes for the states that stop an OTP operation; the app shows a different code per screen. */
export interface StateCodes {
  notActive: AppErrorCode | null;
  suspended: AppErrorCode | null;
}

export interface TokenIds {
  tokenId: string | null;
  customerId: string | null;
}

export type Usable = { ok: true; token: Token; state: TokenOtpState } | { ok: false; refusal: ServiceRefusal; ids: TokenIds };

/** The live, active, unexpired token for an OTP operation, row-locked; or why there is none. */
export async function loadUsableToken(tx: Tx, serviceId: string, userId: string, now: Date, codes: StateCodes): Promise<Usable> {
  const none = { tokenId: null, customerId: null };
  if (!isKnownService(serviceId)) return { ok: false, refusal: refusal("unknown_service", "S0A1"), ids: none };
  const token = await loadLiveTokenForUpdate(tx, serviceId, userId);
  if (!token) return { ok: false, refusal: refusal("unknown_token"), ids: none };
  const ids = { tokenId: token.id, customerId: token.customerId };
  const stop = (r: ServiceRefusal): Usable => ({ ok: false, refusal: r, ids });
  if (token.status === "suspended") return stop(refusal("suspended", codes.suspended));
  if (token.status === "pending_activation" || token.status === "activation_locked") return stop(refusal("not_active", codes.notActive));
  if (token.status === "locked") return stop(refusal("locked"));
  if (await expireIfDue(tx, token, now)) return stop(refusal("expired", "S4E3"));
  const state = token.status === "active" ? otpStateOf(token) : null;
  if (!state) return stop(refusal("not_active", codes.notActive));
  return { ok: true, token, state };
}

/** What checking a code needs of a token bound to a phone; null before activation. */
export function otpStateOf(token: Token): TokenOtpState | null {
  if (!token.totpSecretEnc) return null;
  return { secret: open(token.totpSecretEnc), clockOffsetSteps: token.clockOffsetSteps, lastUsedStep: token.lastUsedStep };
}

/**
 * Counts a wrong code; the tenth in a row locks the token. A replay — a code this token already
 * accepted — is refused but not counted: internet banking retrying a request that succeeded (a
 * timeout, a double click, a retry storm) proves possession, not guessing, and must not lock the
 * customer out. It cannot help a guesser either: only a code that was right can be a replay.
 */
export async function recordOtpFailure(
  tx: Tx,
  token: Token,
  reason: "invalid_code" | "replay",
  now: Date,
  appError: AppErrorCode | null = null,
): Promise<{ refusal: ServiceRefusal; otpFailures: number }> {
  if (reason === "replay") return { refusal: refusal("replay"), otpFailures: token.otpFailures };
  const otpFailures = token.otpFailures + 1;
  const lockedNow = otpFailures >= MAX_OTP_FAILURES;
  await tx
    .update(tokens)
    .set({ otpFailures, status: lockedNow ? "locked" : token.status, updatedAt: now })
    .where(eq(tokens.id, token.id));
  return { refusal: refusal(reason, appError, lockedNow), otpFailures };
}

/** A code was accepted at `step`: it and every earlier step are spent, the failure run ends. */
export async function recordOtpSuccess(tx: Tx, token: Token, step: number, now: Date, extra: Partial<Pick<Token, "clockOffsetSteps" | "expiresAt" | "status">> = {}): Promise<void> {
  await tx
    .update(tokens)
    .set({ lastUsedStep: step, lastUsedAt: now, otpFailures: 0, updatedAt: now, ...extra })
    .where(eq(tokens.id, token.id));
}
