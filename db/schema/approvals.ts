import { index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { customers } from "./customers";
import { staff, staffRoleEnum } from "./staff";
import { tokens, revokeReasonEnum } from "./tokens";
import { identityVerifications, verificationMethodEnum } from "./verifications";

/** What waits for a second person: a replacement token, or an emergency access code. */
export const approvalKinds = ["replacement", "emergency_code"] as const;
export type ApprovalKind = (typeof approvalKinds)[number];
export const approvalKindEnum = pgEnum("approval_kind", approvalKinds);

/**
 * A request is pending until a supervisor decides it or its time runs out; "expired" is written
 * when a later request of the customer finds it stale (the queue reads the clock, not this column);
 * "withdrawn" when the token it names is cancelled (利用解除) meanwhile: nothing is left to replace.
 */
export const approvalStatuses = ["pending", "approved", "rejected", "expired", "withdrawn"] as const;
export type ApprovalStatus = (typeof approvalStatuses)[number];
export const approvalStatusEnum = pgEnum("approval_status", approvalStatuses);

/** Why the desk flagged a request: the queue and the form say these in words. */
export const riskFlags = ["recent_email_change", "repeat_replacement"] as const;
export type RiskFlag = (typeof riskFlags)[number];

/**
 * Four-eyes requests: a change one staff member asks for and another (a supervisor who is not
 * the requester) approves or rejects with a reason. The requester's verification of the caller is
 * kept as the evidence the approver judges.
 */
export const approvalRequests = pgTable(
  "approval_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: approvalKindEnum("kind").notNull(),
    customerId: uuid("customer_id").notNull().references(() => customers.id),
    tokenId: uuid("token_id").references(() => tokens.id),
    /** For a replacement: why the old token goes (lost, stolen, device_changed, app_deleted). */
    revokeReason: revokeReasonEnum("revoke_reason"),
    /** The requester's own words (the desk change's reason). */
    note: text("note").notNull(),
    requestedBy: uuid("requested_by").notNull().references(() => staff.id),
    requesterRole: staffRoleEnum("requester_role").notNull(),
    verificationId: uuid("verification_id").notNull().references(() => identityVerifications.id),
    verificationMethod: verificationMethodEnum("verification_method").notNull(),
    riskFlags: jsonb("risk_flags").$type<RiskFlag[]>().notNull().default([]),
    status: approvalStatusEnum("status").notNull().default("pending"),
    decidedBy: uuid("decided_by").references(() => staff.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionReason: text("decision_reason"),
    /** The replacement token an approval issued. */
    newTokenId: uuid("new_token_id").references(() => tokens.id),
    /** An approved emergency code: only its hash, when it stops working, and when it was used. */
    codeHash: text("code_hash"),
    codeExpiresAt: timestamp("code_expires_at", { withTimezone: true }),
    codeUsedAt: timestamp("code_used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("approval_requests_status_idx").on(t.status, t.createdAt),
    index("approval_requests_requester_idx").on(t.requestedBy, t.decidedAt),
    // The customer page reads the newest request of a kind (the emergency-code status).
    index("approval_requests_customer_kind_idx").on(t.customerId, t.kind, t.createdAt),
    // One pending request of each kind per customer: parallel requests from several desks give one.
    uniqueIndex("approval_requests_one_pending").on(t.customerId, t.kind).where(sql`${t.status} = 'pending'`),
  ],
);

export type ApprovalRequest = typeof approvalRequests.$inferSelect;
