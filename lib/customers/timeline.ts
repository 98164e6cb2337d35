import { and, desc, eq, inArray, isNotNull, max, or, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apiClients, auditEvents, staff, type Token, type TokenStatus } from "@/db/schema";
import { effectiveStatus } from "@/lib/tokens/desk-rules";
import { successionOf, type Succession } from "./succession";

/**
 * Every token ever bound to a customer and what happened to it, by whom: read from the audit
 * events that carry the token's id, in one query. Only events that changed the token are kept
 * (a refused desk action changed nothing; an everyday accepted code is not a lifecycle event),
 * plus the locks that wrong codes caused and each token's latest refused code (for the clock hint).
 * One event that changed two tokens (a replacement, an exchange) is told in both histories, each
 * naming the other's serial: the old token's ends with it, the new token's begins with it.
 */

/** What happened, as a catalogue key under `lifecycle.timeline.events`. */
export type TimelineEvent =
  | "issued"
  | "issuedAsReplacement"
  | "issuedByExchange"
  | "issuedBefore"
  | "activated"
  | "activatedBefore"
  | "activationLocked"
  | "otpLocked"
  | "reset"
  | "unlocked"
  | "resynced"
  | "resyncRefused"
  | "resyncedByApp"
  | "suspended"
  | "resumed"
  | "cancelled"
  | "renewed"
  | "replacementRequested"
  | "replacementRejected"
  | "replaced"
  | "replacedOnApproval"
  | "exchangeStarted"
  | "exchangeCompleted"
  | "expired";

/** Who did it: a staff member by name and role, the customer in the app, a system, or nobody (a date passing). */
export type TimelineActor =
  | { kind: "staff"; name: string; role: string }
  | { kind: "app"; client: string | null }
  | { kind: "client"; name: string }
  | { kind: "system" }
  | { kind: "record" }
  | { kind: "none" };

export interface TimelineEntry {
  /** The audit event's id; negative for what the token's own record says (before the audit log, or a date passing). */
  id: number;
  at: string;
  event: TimelineEvent;
  /** Values the event's sentence needs (minutes, a status key, a date), never a secret. */
  facts: Record<string, string | number | boolean>;
  actor: TimelineActor;
  /** The staff member's reason for a desk change. */
  reason: string | null;
}

export interface TokenTimeline {
  tokenId: string;
  serial: string;
  serviceId: string;
  userId: string;
  status: TokenStatus;
  revokeReason: string | null;
  /** Newest first. */
  entries: TimelineEntry[];
}

/** Desk and app actions that change a token when they succeed (or commit a counted refusal). */
const deskChanges = ["token.issue", "token.reset_activation", "token.unlock", "token.resync", "token.suspend", "token.resume", "token.cancel", "token.renew", "token.replace", "token.exchange", "approval.approve", "approval.reject"];
const appChanges = ["token_service.activate", "token_service.resync", "token_service.renew"];
const codeChecks = ["token_service.activate", "token_service.verify", "token_service.resync", "token_service.renew"];
const MAX_ROWS = 500;

export type TimelineRow = Awaited<ReturnType<typeof timelineEvents>>[number];

/** The one query: lifecycle events of the customer's tokens, locks, and each token's latest refused code. */
export async function timelineEvents(db: Queryable, customerId: string) {
  const latestRefusals = db
    .select({ id: max(auditEvents.id) })
    .from(auditEvents)
    .where(and(eq(auditEvents.customerId, customerId), eq(auditEvents.action, "token_service.verify"), eq(auditEvents.outcome, "failed"), sql`${auditEvents.details}->>'reason' = 'invalid_code'`))
    .groupBy(auditEvents.tokenId);
  return db
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      action: auditEvents.action,
      outcome: auditEvents.outcome,
      tokenId: auditEvents.tokenId,
      actorType: auditEvents.actorType,
      actorRole: auditEvents.actorRole,
      reason: auditEvents.reason,
      details: auditEvents.details,
      staffName: staff.displayName,
      clientName: apiClients.name,
    })
    .from(auditEvents)
    .leftJoin(staff, and(eq(auditEvents.actorType, "staff"), sql`${staff.id}::text = ${auditEvents.actorId}`))
    .leftJoin(apiClients, and(eq(auditEvents.actorType, "api_client"), sql`${apiClients.id}::text = ${auditEvents.actorId}`))
    .where(
      and(
        eq(auditEvents.customerId, customerId),
        isNotNull(auditEvents.tokenId),
        or(
          // A desk change that ran: success, or a committed refusal (its details carry no pipeline stage).
          and(inArray(auditEvents.action, deskChanges), or(eq(auditEvents.outcome, "success"), and(eq(auditEvents.outcome, "failed"), sql`${auditEvents.details}->>'stage' is null`))),
          and(inArray(auditEvents.action, appChanges), eq(auditEvents.outcome, "success")),
          and(inArray(auditEvents.action, codeChecks), eq(auditEvents.outcome, "failed"), sql`${auditEvents.details}->>'lockedNow' = 'true'`),
          inArray(auditEvents.id, latestRefusals),
        ),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(MAX_ROWS);
}

function actorOf(row: TimelineRow): TimelineActor {
  if (row.actorType === "staff") return row.staffName ? { kind: "staff", name: row.staffName, role: row.actorRole ?? "" } : { kind: "none" };
  if (row.actorType === "api_client") return row.action.startsWith("token_service.") ? { kind: "app", client: row.clientName } : row.clientName ? { kind: "client", name: row.clientName } : { kind: "none" };
  if (row.actorType === "system") return { kind: "system" };
  return { kind: "none" };
}

const str = (value: unknown): string | null => (typeof value === "string" ? value : null);
const num = (value: unknown): number | null => (typeof value === "number" ? value : null);
const after = (details: Record<string, unknown>): Record<string, unknown> => (typeof details.after === "object" && details.after !== null ? (details.after as Record<string, unknown>) : {});
const before = (details: Record<string, unknown>): Record<string, unknown> => (typeof details.before === "object" && details.before !== null ? (details.before as Record<string, unknown>) : {});

type Told = Pick<TimelineEntry, "event" | "facts">;

/** An audit row as a sentence's key and facts; null for rows that are not lifecycle events (the clock hint's refusals). */
function describe(row: TimelineRow): Told | null {
  const d = row.details;
  if (row.outcome === "failed") {
    if (row.action === "token.resync") return { event: "resyncRefused", facts: { lockedNow: d.lockedNow === true } };
    if (d.lockedNow !== true) return null;
    return row.action === "token_service.activate" ? { event: "activationLocked", facts: {} } : { event: "otpLocked", facts: {} };
  }
  switch (row.action) {
    case "token.issue":
      return { event: "issued", facts: {} };
    case "token_service.activate":
      return { event: "activated", facts: {} };
    case "token.reset_activation":
      return { event: "reset", facts: { delivery: str(d.delivery) ?? "" } };
    case "token.unlock":
      return { event: "unlocked", facts: {} };
    case "token.resync":
      return { event: "resynced", facts: { minutes: num(after(d).clockOffsetSteps) ?? 0, unlocked: before(d).status === "locked" } };
    case "token_service.resync":
      return { event: "resyncedByApp", facts: { minutes: num(d.clockOffsetSteps) ?? 0 } };
    case "token.suspend":
      return { event: "suspended", facts: {} };
    case "token.resume":
      return { event: "resumed", facts: { status: str(after(d).status) ?? "" } };
    case "token.cancel":
      return { event: "cancelled", facts: { newTokenFrom: str(d.newTokenFrom) ?? "" } };
    case "token.renew":
    case "token_service.renew":
      return { event: "renewed", facts: { expiresAt: str(after(d).expiresAt) ?? "" } };
    // A replacement that ran, an approval and an accepted exchange are successions (told below).
    case "token.replace":
      return d.outcome === "requested" ? { event: "replacementRequested", facts: {} } : null;
    case "approval.reject":
      return d.kind === "replacement" ? { event: "replacementRejected", facts: {} } : null;
    default:
      return null;
  }
}

/** What a succession says in the old token's history and in the new token's, each naming the other. */
function sides(s: Succession): { old: Told; new: Told } {
  switch (s.how) {
    case "replaced":
      return { old: { event: "replaced", facts: { serial: s.new.serial } }, new: { event: "issuedAsReplacement", facts: { serial: s.old.serial, approved: false } } };
    case "approved":
      return { old: { event: "replacedOnApproval", facts: { serial: s.new.serial } }, new: { event: "issuedAsReplacement", facts: { serial: s.old.serial, approved: true } } };
    case "exchange":
      return { old: { event: "exchangeStarted", facts: { serial: s.new.serial } }, new: { event: "issuedByExchange", facts: { serial: s.old.serial } } };
    case "exchangeCompleted":
      return { old: { event: "exchangeCompleted", facts: { serial: s.new.serial } }, new: { event: "activated", facts: {} } };
  }
}

/** The events by which a token began. */
const issues: readonly TimelineEvent[] = ["issued", "issuedAsReplacement", "issuedByExchange"];

/**
 * The tokens' timelines (in the order given, newest token first) and which tokens' latest
 * refused code was a phone clock off by more than the everyday window (S0F1) with no code
 * accepted since.
 */
export function buildTimeline(rows: TimelineRow[], tokenRows: Token[], now: Date): { timeline: TokenTimeline[]; clockSkew: Set<string> } {
  // Each row with what it says in that token's history (unset: described from the row itself).
  const byToken = new Map<string, Array<{ row: TimelineRow; told?: Told }>>();
  const add = (tokenId: string | null | undefined, row: TimelineRow, told?: Told) => {
    if (tokenId) byToken.set(tokenId, [...(byToken.get(tokenId) ?? []), { row, told }]);
  };
  const bySerial = new Map(tokenRows.map((t) => [t.serial, t.id]));
  for (const row of rows) {
    const succession = successionOf(row);
    if (!succession) {
      add(row.tokenId, row);
      continue;
    }
    // Told in both tokens' histories, whichever token the event's own column names.
    const told = sides(succession);
    add(succession.old.tokenId ?? bySerial.get(succession.old.serial), row, told.old);
    add(succession.new.tokenId ?? bySerial.get(succession.new.serial), row, told.new);
  }
  const clockSkew = new Set<string>();
  let synthetic = 0;
  const timeline = tokenRows.map((token): TokenTimeline => {
    const own = byToken.get(token.id) ?? [];
    const entries: TimelineEntry[] = [];
    for (const { row, told } of own) {
      if (row.action === "token_service.verify" && row.details.reason === "invalid_code") {
        const acceptedSince = token.lastUsedAt && token.lastUsedAt > row.occurredAt;
        if (row.details.appError === "S0F1" && !acceptedSince && token.status !== "revoked") clockSkew.add(token.id);
        if (row.details.lockedNow !== true) continue;
      }
      const described = told ?? describe(row);
      if (described) entries.push({ id: row.id, at: row.occurredAt.toISOString(), ...described, actor: actorOf(row), reason: row.reason });
    }
    // Tokens that predate the audit log (imported records) still show when they began.
    const record = (event: TimelineEvent, at: Date, actor: TimelineActor = { kind: "record" }) => entries.push({ id: --synthetic, at: at.toISOString(), event, facts: {}, actor, reason: null });
    if (!entries.some((e) => issues.includes(e.event))) record("issuedBefore", token.issuedAt);
    if (token.activatedAt && !entries.some((e) => e.event === "activated")) record("activatedBefore", token.activatedAt);
    // Expiry is a date passing, not an action: nobody did it.
    if (token.expiresAt <= now && (!token.revokedAt || token.revokedAt > token.expiresAt)) record("expired", token.expiresAt, { kind: "none" });
    entries.sort((a, b) => (a.at === b.at ? b.id - a.id : a.at < b.at ? 1 : -1));
    return {
      tokenId: token.id,
      serial: token.serial,
      serviceId: token.serviceId,
      userId: token.userId,
      status: effectiveStatus(token, now),
      revokeReason: token.revokeReason,
      entries,
    };
  });
  return { timeline, clockSkew };
}
