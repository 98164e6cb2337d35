import type { Token, TokenStatus } from "@/db/schema";
import { DAY } from "@/lib/time/clock";
import { RENEWAL_WINDOW_MS } from "@/lib/tokens/policy";
import { availableActions, effectiveStatus, type Availability, type DeskTokenAction } from "@/lib/tokens/desk-rules";

export type RenewalState = "notYet" | "open" | "expired" | "notApplicable";

export interface TokenSummary {
  id: string;
  serial: string;
  serviceId: string;
  userId: string;
  kind: "app" | "hardware";
  status: TokenStatus;
  current: boolean;
  issuedAt: string;
  activatedAt: string | null;
  expiresAt: string;
  renewal: RenewalState;
  /** When renewal becomes possible (expiry − the renewal window). */
  renewalFrom: string;
  daysToExpiry: number;
  activationFailures: number;
  otpFailures: number;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
  deviceLabel: string | null;
  activationDeadline: string | null;
  /** The phone's clock offset in 60-second steps, as password correction last measured it. */
  clockOffsetSteps: number;
  /** What the desk may do to this token now, and why not (lib/tokens/desk-rules.ts). */
  actions: Record<DeskTokenAction, Availability>;
  /** The latest refused code matched only on a clock off by more than the everyday window (S0F1), and none was accepted since. */
  clockSkewSuspected: boolean;
  [key: string]: unknown;
}

export function renewalState(token: Pick<Token, "status" | "expiresAt">, now: Date): RenewalState {
  if (token.status === "revoked") return "notApplicable";
  if (token.status === "expired" || token.expiresAt.getTime() <= now.getTime()) return "expired";
  return token.expiresAt.getTime() - now.getTime() <= RENEWAL_WINDOW_MS ? "open" : "notYet";
}

/** A token as the desk reads it out: dates as ISO strings, the renewal window worked out. */
export function summariseToken(token: Token, now: Date, seen: { clockSkewSuspected?: boolean; awaitingApproval?: boolean } = {}): TokenSummary {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: token.id,
    serial: token.serial,
    serviceId: token.serviceId,
    userId: token.userId,
    kind: token.kind,
    status: effectiveStatus(token, now),
    current: token.status !== "revoked",
    issuedAt: token.issuedAt.toISOString(),
    activatedAt: iso(token.activatedAt),
    expiresAt: token.expiresAt.toISOString(),
    renewal: renewalState(token, now),
    renewalFrom: new Date(token.expiresAt.getTime() - RENEWAL_WINDOW_MS).toISOString(),
    daysToExpiry: Math.ceil((token.expiresAt.getTime() - now.getTime()) / DAY),
    activationFailures: token.activationFailures,
    otpFailures: token.otpFailures,
    lastUsedAt: iso(token.lastUsedAt),
    revokedAt: iso(token.revokedAt),
    revokeReason: token.revokeReason,
    deviceLabel: token.deviceLabel,
    activationDeadline: iso(token.activationDeadline),
    clockOffsetSteps: token.clockOffsetSteps,
    actions: availableActions({ ...token, awaitingApproval: seen.awaitingApproval ?? false }, now),
    clockSkewSuspected: seen.clockSkewSuspected ?? false,
  };
}
