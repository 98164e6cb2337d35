import { bigint, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const actorTypes = ["staff", "system", "api_client", "anonymous"] as const;
export type ActorType = (typeof actorTypes)[number];
export const actorTypeEnum = pgEnum("audit_actor_type", actorTypes);

export const auditOutcomes = ["success", "denied", "invalid", "failed", "error"] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];
export const auditOutcomeEnum = pgEnum("audit_outcome", auditOutcomes);

export const auditChannels = ["web", "api", "cli"] as const;
export type AuditChannel = (typeof auditChannels)[number];
export const auditChannelEnum = pgEnum("audit_channel", auditChannels);

/**
 * Append-only (triggers reject UPDATE, DELETE, TRUNCATE — see the custom migration).
 * hash = sha256(prev_hash || canonical_json(row without hash)); lib/audit owns the format.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
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
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    index("audit_events_customer_idx").on(t.customerId, t.seq),
    index("audit_events_actor_idx").on(t.actorId, t.seq),
    index("audit_events_target_staff_idx").on(t.targetStaffId, t.seq),
    index("audit_events_action_idx").on(t.action, t.seq),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
