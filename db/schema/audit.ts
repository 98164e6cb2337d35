import { sql } from "drizzle-orm";
import { bigint, customType, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const actorTypes = ["staff", "system", "api_client", "anonymous"] as const;
export type ActorType = (typeof actorTypes)[number];
export const actorTypeEnum = pgEnum("audit_actor_type", actorTypes);

export const auditOutcomes = ["success", "denied", "invalid", "failed", "error"] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];
export const auditOutcomeEnum = pgEnum("audit_outcome", auditOutcomes);

export const auditChannels = ["web", "api", "cli"] as const;
export type AuditChannel = (typeof auditChannels)[number];
export const auditChannelEnum = pgEnum("audit_channel", auditChannels);

/** A 64-bit transaction id (PostgreSQL's xid8), kept as its decimal text. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

/**
 * Append-only and insert-only (triggers reject UPDATE, DELETE, TRUNCATE — see the custom
 * migrations). A request's transaction inserts its event here and never waits for other writers;
 * `xid` is that transaction's id, which is what lets the sequencer (lib/audit/sequencer.ts) give
 * every committed event its chain position afterwards, in (xid, id) order.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    xid: xid8("xid").notNull().default(sql`pg_current_xact_id()`),
    occurredAt: timestamp("occurred_at", { withTimezone: true, precision: 3 }).notNull(),
    actorType: actorTypeEnum("actor_type").notNull(),
    actorId: text("actor_id"),
    actorRole: text("actor_role"),
    action: text("action").notNull(),
    outcome: auditOutcomeEnum("outcome").notNull(),
    reason: text("reason"),
    ticket: text("ticket"),
    customerId: uuid("customer_id"),
    tokenId: uuid("token_id"),
    targetStaffId: uuid("target_staff_id"),
    verificationId: uuid("verification_id"),
    channel: auditChannelEnum("channel").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    requestId: text("request_id"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    // The customer's call history (lib/customers/history.ts) reads every event of the customer in
    // id order; the columns after id (which is unique, so the order does not change) let it do so
    // from the index alone, without a table row per event (see migration 0016).
    index("audit_events_customer_idx").on(t.customerId, t.id, t.occurredAt, t.actorType, t.actorId, t.action, t.outcome),
    index("audit_events_actor_idx").on(t.actorId, t.id),
    index("audit_events_target_staff_idx").on(t.targetStaffId, t.id),
    index("audit_events_action_idx").on(t.action, t.id),
    index("audit_events_xid_idx").on(t.xid, t.id),
    // The explorer's keyset pages (lib/audit/explorer.ts): ordered by (occurred_at, id). A column
    // after id never changes the order; it is there so a filter on it is decided in the index and
    // a count needs no table row (see migration 0012).
    index("audit_events_time_idx").on(t.occurredAt, t.id, t.actorRole),
    index("audit_events_actor_time_idx").on(t.actorId, t.occurredAt, t.id),
    index("audit_events_action_time_idx").on(t.action, t.occurredAt, t.id),
    index("audit_events_customer_time_idx").on(t.customerId, t.occurredAt, t.id),
    index("audit_events_token_time_idx").on(t.tokenId, t.occurredAt, t.id),
    index("audit_events_refused_time_idx").on(t.occurredAt, t.id, t.outcome).where(sql`outcome <> 'success'`),
    index("audit_events_actor_refused_time_idx").on(t.actorId, t.occurredAt, t.id, t.outcome).where(sql`outcome <> 'success'`),
    index("audit_events_text_time_idx").on(t.occurredAt, t.id).where(sql`reason is not null or (details ->> 'memo') is not null`),
    index("audit_events_request_idx").on(t.requestId),
  ],
);

/**
 * The hash chain over audit_events, appended only by the sequencer; insert-only like the events.
 * hash = sha256(prev_hash || canonical_json(event fields + seq + prev_hash)); lib/audit/chain.ts
 * owns the format.
 */
export const auditChain = pgTable("audit_chain", {
  seq: bigint("seq", { mode: "number" }).primaryKey(),
  eventId: bigint("event_id", { mode: "number" }).notNull().unique(),
  prevHash: text("prev_hash").notNull(),
  hash: text("hash").notNull(),
  sealedAt: timestamp("sealed_at", { withTimezone: true, precision: 3 }).notNull(),
});

export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
export type AuditChainRow = typeof auditChain.$inferSelect;
