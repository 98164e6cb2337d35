import type { Token, TokenStatus } from "@/db/schema";
import { DAY, HOUR } from "@/lib/time/clock";
import { RENEWAL_WINDOW_MS } from "./policy";

/**
 * What the desk may do to a token in each state, stated once. The token panel reads it to enable
 * a button or say why it is disabled; each action reads it again under the token's row lock, so a
 * button shown enabled a moment ago cannot change a token that has since moved on.
 */
export const deskTokenActions = ["reset_activation", "unlock", "resync", "suspend", "resume", "cancel", "renew", "replace", "exchange"] as const;
export type DeskTokenAction = (typeof deskTokenActions)[number];

/** Why an action is not available, as a catalogue key under `tokenActions.why`. */
export type Unavailable =
  | "revoked"
  | "expired"
  | "alreadyActive"
  | "notActivated"
  | "notLocked"
  | "suspended"
  | "notSuspended"
  | "locked"
  | "renewalNotYet"
  | "activationLocked"
  | "exchangePending"
  | "awaitingApproval";

export type Availability = { allowed: true } | { allowed: false; why: Unavailable };

type TokenFacts = Pick<Token, "status" | "expiresAt"> &
  Partial<Pick<Token, "replacedByTokenId">> & {
    /**
     * A replacement request filed after a phone check names this token and is still pending, its
     * time not run out (lib/tokens/awaiting-approval.ts). Read under the token's row lock by each
     * action; left out, the token is taken as not waiting.
     */
    awaitingApproval?: boolean;
  };

const yes: Availability = { allowed: true };
const no = (why: Unavailable): Availability => ({ allowed: false, why });

/** A token whose date has passed counts as expired even before anything marks it so. */
export function effectiveStatus(token: TokenFacts, now: Date): TokenStatus {
  if (token.status !== "revoked" && token.status !== "expired" && token.expiresAt.getTime() <= now.getTime()) return "expired";
  return token.status;
}

export function availability(token: TokenFacts, action: DeskTokenAction, now: Date): Availability {
  const status = effectiveStatus(token, now);
  if (status === "revoked") return no("revoked");
  // Four eyes: a token suspended for a supervisor's decision leaves that state only by approval,
  // rejection, the request lapsing or cancellation — never back into use by one person's click.
  // Cancelling (利用解除) only takes the token further from use, and withdraws the request.
  // Once the request lapses the desk may act again (resume, or file a new request).
  if (token.awaitingApproval && action !== "cancel") return no("awaitingApproval");
  if (action === "cancel") return yes;
  if (status === "expired") return no("expired");
  switch (action) {
    case "reset_activation":
      // Locked (S0C4), past its deadline, or forgotten: only a token not yet bound to a phone.
      if (status === "pending_activation" || status === "activation_locked") return yes;
      return no(status === "suspended" ? "suspended" : "alreadyActive");
    case "unlock":
      return status === "locked" ? yes : no(status === "suspended" ? "suspended" : "notLocked");
    case "resync":
      // Two consecutive codes prove the phone holds the token, so a locked one may be corrected too.
      if (status === "active" || status === "locked") return yes;
      return no(status === "suspended" ? "suspended" : "notActivated");
    case "suspend":
      return status === "suspended" ? no("suspended") : yes;
    case "resume":
      return status === "suspended" ? yes : no("notSuspended");
    case "renew":
      if (status === "suspended") return no("suspended");
      if (status === "pending_activation" || status === "activation_locked") return no("notActivated");
      return token.expiresAt.getTime() - now.getTime() <= RENEWAL_WINDOW_MS ? yes : no("renewalNotYet");
    case "replace":
      // Lost, stolen, wiped or the app deleted: whatever state the old token is in, it goes.
      return yes;
    case "exchange":
      // The caller proves the old phone with its current code: only a token in use can give one.
      if (token.replacedByTokenId) return no("exchangePending");
      if (status === "active") return yes;
      if (status === "locked") return no("locked");
      return no(status === "suspended" ? "suspended" : "notActivated");
  }
}

export function availableActions(token: TokenFacts, now: Date): Record<DeskTokenAction, Availability> {
  return Object.fromEntries(deskTokenActions.map((action) => [action, availability(token, action, now)])) as Record<DeskTokenAction, Availability>;
}

const JST_OFFSET_MS = 9 * HOUR;

/** 00:00 JST of the day after `at`: when a new token may be issued after a cancellation. */
export function nextJstDay(at: Date): Date {
  const jst = at.getTime() + JST_OFFSET_MS;
  return new Date(Math.floor(jst / DAY) * DAY + DAY - JST_OFFSET_MS);
}

/**
 * A token may be issued to a customer only from the next JST day after their latest cancellation
 * (the bank needs the night to take the old registration down). Null: no waiting.
 */
export function newTokenFrom(cancellations: readonly Date[], now: Date): Date | null {
  const latest = cancellations.reduce<Date | null>((max, d) => (!max || d > max ? d : max), null);
  if (!latest) return null;
  const from = nextJstDay(latest);
  return from.getTime() > now.getTime() ? from : null;
}
