import { and, eq, inArray, isNull, lte, notInArray } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { auditEvents, registeredEmails, tokens, type Token, type TokenStatus } from "@/db/schema";
import { MAX_LIVE_EMAILS } from "@/lib/emails/policy";
import { waitingRequests } from "@/lib/tokens/awaiting-approval";
import { effectiveStatus } from "@/lib/tokens/desk-rules";
import { customerHistory, PLUMBING, READS } from "./history";
import { buildTimeline, timelineEvents, type TimelineEntry } from "./timeline";

/**
 * The promises about one customer's tokens and contact channels that must hold after ANY sequence
 * of actions, by any role, through any edge — not only after each action's own story. Each is
 * stated once here with why it matters; `invariantViolations` reads the record and names every one
 * that is broken. The model-based tests (tests/model/) run it after every step.
 */
export const invariants = {
  awaitingApprovalHolds:
    "A token awaiting a supervisor's decision stays suspended until approval, rejection, lapse or cancellation: one person alone must not undo a four-eyes request.",
  activationPasswordReachable:
    "Every token that can still be activated has exactly one way for its customer to learn its activation password (a letter, a slip shown once, the back office's print-out): otherwise nobody can ever activate it.",
  revokedNeverAccepts:
    "A revoked (cancelled or replaced) token never accepts a code again: its phone may be in a thief's hand.",
  oneEventPerChange:
    "Every change of a token's state has exactly one audit event naming it: the log is the record of who changed what.",
  historyFromEvents:
    "A token's history, derived from its audit events alone, ends in the state the token is in: what the desk reads is what happened.",
  replacementLinkedBothWays:
    "A replaced or exchanged token names its successor and each history names the other: a caller's old and new token are one story.",
  oneLiveTokenPerUser:
    "No two live tokens share a service and user ID, and a customer has one live token per service except while an exchange waits for the new phone: one token, one device.",
  atMostThreeEmails: "A customer has at most three registered e-mail addresses, waiting ones included.",
  callHistoryComplete:
    "The call history reaches every event of the customer, and its count is what can be paged to: a change is never crowded out by page views.",
} as const;

export type Invariant = keyof typeof invariants;

export interface Violation {
  invariant: Invariant;
  /** What was found, in the record's own terms (serials, statuses): for a failing test's message. */
  found: string;
}

/** The state a token's history says it is in, walking its events oldest first. */
export function statusFromHistory(entries: readonly TimelineEntry[]): TokenStatus | null {
  let status: TokenStatus | null = null;
  for (const entry of [...entries].reverse()) {
    switch (entry.event) {
      case "issued":
      case "issuedAsReplacement":
      case "issuedByExchange":
      case "issuedBefore":
      case "reset":
        status = "pending_activation";
        break;
      case "activated":
      case "activatedBefore":
      case "unlocked":
      case "resynced":
      case "resyncedByApp":
        status = "active";
        break;
      case "activationLocked":
        status = "activation_locked";
        break;
      case "otpLocked":
        status = "locked";
        break;
      case "resyncRefused":
        if (entry.facts.lockedNow === true) status = "locked";
        break;
      case "suspended":
      case "replacementRequested":
      case "replacementRejected":
        status = "suspended";
        break;
      case "resumed":
        status = (entry.facts.status as TokenStatus) || status;
        break;
      case "cancelled":
      case "exchangeCompleted":
        status = "revoked";
        break;
      case "replaced":
      case "replacedOnApproval":
        status = "revoked";
        break;
      case "expired":
        status = "expired";
        break;
      case "renewed":
      case "exchangeStarted":
        break;
      default:
        entry.event satisfies never;
    }
  }
  return status;
}

/** Every promise above that the customer's record breaks now (empty: all hold). */
export async function invariantViolations(db: Queryable, customerId: string, now: Date): Promise<Violation[]> {
  const found: Violation[] = [];
  const [tokenRows, waiting, emails, lifecycle] = await Promise.all([
    db.select().from(tokens).where(eq(tokens.customerId, customerId)),
    waitingRequests(db, customerId, now),
    db.select({ id: registeredEmails.id }).from(registeredEmails).where(and(eq(registeredEmails.customerId, customerId), isNull(registeredEmails.deletedAt))),
    timelineEvents(db, customerId),
  ]);
  const byId = new Map(tokenRows.map((t) => [t.id, t]));

  for (const request of waiting.filter((r) => r.kind === "replacement")) {
    const token = request.tokenId ? byId.get(request.tokenId) : undefined;
    if (!token || token.status !== "suspended") found.push({ invariant: "awaitingApprovalHolds", found: `request ${request.id}: token ${token?.serial ?? "?"} is ${token?.status ?? "missing"}` });
  }

  const revoked = tokenRows.filter((t) => t.status === "revoked" && t.revokedAt);
  if (revoked.length > 0) {
    const accepted = await db
      .select({ tokenId: auditEvents.tokenId, action: auditEvents.action, occurredAt: auditEvents.occurredAt })
      .from(auditEvents)
      .where(and(inArray(auditEvents.tokenId, revoked.map((t) => t.id)), eq(auditEvents.outcome, "success"), inArray(auditEvents.action, ["token_service.verify", "token_service.resync", "token_service.renew", "token_service.activate", "token_service.verify_emergency"])));
    for (const event of accepted) {
      const token = byId.get(event.tokenId!)!;
      if (event.occurredAt >= token.revokedAt!) found.push({ invariant: "revokedNeverAccepts", found: `${token.serial} (${token.revokeReason}) accepted ${event.action} after revocation` });
    }
  }

  const { timeline } = buildTimeline(lifecycle, tokenRows, now);
  for (const line of timeline) {
    const token = byId.get(line.tokenId)!;
    const told = statusFromHistory(line.entries);
    const actual = effectiveStatus(token, now);
    if (told !== actual) found.push({ invariant: "historyFromEvents", found: `${token.serial}: history says ${told}, token is ${actual} (${line.entries.map((e) => e.event).reverse().join(" → ")})` });
  }

  for (const token of tokenRows) {
    if (!token.replacedByTokenId) continue;
    const successor = byId.get(token.replacedByTokenId);
    const mine = timeline.find((l) => l.tokenId === token.id)?.entries ?? [];
    const theirs = timeline.find((l) => l.tokenId === token.replacedByTokenId)?.entries ?? [];
    const names = (entries: TimelineEntry[], serial: string) => entries.some((e) => Object.values(e.facts).includes(serial));
    if (!successor || !names(mine, successor.serial) || !names(theirs, token.serial)) {
      found.push({ invariant: "replacementLinkedBothWays", found: `${token.serial} → ${successor?.serial ?? "missing"}: the histories do not name each other` });
    }
  }

  const live = tokenRows.filter((t) => t.status !== "revoked");
  const seen = new Map<string, Token>();
  for (const token of live) {
    const key = `${token.serviceId}/${token.userId}`;
    if (seen.has(key)) found.push({ invariant: "oneLiveTokenPerUser", found: `two live tokens for ${key}` });
    seen.set(key, token);
  }
  const inUse = tokenRows.filter((t) => !["revoked", "expired"].includes(effectiveStatus(t, now)));
  for (const serviceId of new Set(inUse.map((t) => t.serviceId))) {
    const same = inUse.filter((t) => t.serviceId === serviceId);
    // An exchange keeps the old token beside its successor until the new phone is set up.
    const exchange = same.length === 2 && same.some((t) => t.replacedByTokenId && same.some((o) => o.id === t.replacedByTokenId));
    if (same.length > 1 && !exchange) found.push({ invariant: "oneLiveTokenPerUser", found: `${same.length} live tokens for service ${serviceId}: ${same.map((t) => `${t.serial} ${t.status}`).join(", ")}` });
  }

  if (emails.length > MAX_LIVE_EMAILS) found.push({ invariant: "atMostThreeEmails", found: `${emails.length} registered e-mails` });
  found.push(...(await callHistoryGaps(db, customerId)));
  return found;
}

/** Pages through the call history as the desk does and compares it with the customer's events. */
async function callHistoryGaps(db: Queryable, customerId: string): Promise<Violation[]> {
  const first = await customerHistory(db, customerId, { page: 1 });
  const lines = [...first.lines];
  for (let page = 2; page <= first.pages; page++) lines.push(...(await customerHistory(db, customerId, { page, asOf: first.asOf })).lines);
  const problems: Violation[] = [];
  if (lines.length !== first.total) problems.push({ invariant: "callHistoryComplete", found: `the count says ${first.total} lines, the pages hold ${lines.length}` });
  if (first.asOf === null) return problems;
  const events = await db
    .select({ id: auditEvents.id, action: auditEvents.action, outcome: auditEvents.outcome })
    .from(auditEvents)
    .where(and(eq(auditEvents.customerId, customerId), lte(auditEvents.id, first.asOf), notInArray(auditEvents.action, PLUMBING)));
  const shown = new Set(lines.map((l) => l.id));
  const folded = lines.reduce((n, l) => n + l.count, 0);
  if (folded !== events.length) problems.push({ invariant: "callHistoryComplete", found: `${events.length} events, the lines stand for ${folded}` });
  const missing = events.filter((e) => !(e.outcome === "success" && READS.includes(e.action)) && !shown.has(e.id));
  if (missing.length > 0) problems.push({ invariant: "callHistoryComplete", found: `not in the call history: ${missing.map((e) => `${e.action}/${e.outcome}`).join(", ")}` });
  return problems;
}
