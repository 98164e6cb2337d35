import { sql } from "drizzle-orm";
import { bigint, boolean, date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { auditOutcomeEnum } from "./audit";
import { staff } from "./staff";

/**
 * The auditor's own bookkeeping around the audit log. Not `audit_…` tables on purpose: the runtime
 * role gets INSERT/SELECT only on those (db/roles.ts), and a verification run must be updated as it
 * goes. What matters for the record is written as audit events too (`audit.verify_start`,
 * `audit.verify_finish`, `audit.review_*`); these tables are what the screens read quickly.
 */

export const chainVerificationStatuses = ["running", "ok", "failed", "error", "interrupted"] as const;
export type ChainVerificationStatus = (typeof chainVerificationStatuses)[number];
export const chainVerificationStatusEnum = pgEnum("chain_verification_status", chainVerificationStatuses);

/**
 * One "verify now" from the integrity page: started by an auditor, walked in the background,
 * progress written as it goes (checked / total, heartbeat), its result also recorded as an event.
 * At most one runs at a time (the partial unique index); a run whose heartbeat stopped (its
 * process died) counts as interrupted.
 */
export const chainVerificationRuns = pgTable(
  "chain_verification_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The staff member who started it; null when the system did. */
    startedBy: uuid("started_by").references(() => staff.id),
    startedAt: timestamp("started_at", { withTimezone: true, precision: 3 }).notNull(),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true, precision: 3 }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true, precision: 3 }),
    status: chainVerificationStatusEnum("status").notNull().default("running"),
    /** The chain's length when the run started: progress is checked / total. */
    total: bigint("total", { mode: "number" }).notNull().default(0),
    checked: bigint("checked", { mode: "number" }).notNull().default(0),
    lastSeq: bigint("last_seq", { mode: "number" }),
    firstBadSeq: bigint("first_bad_seq", { mode: "number" }),
    /** A ChainProblem of lib/audit/verify.ts. */
    problem: text("problem"),
    checkpoints: integer("checkpoints"),
    pending: integer("pending"),
    /** For status "error": the id logged with the failure, never its message. */
    errorId: text("error_id"),
  },
  (t) => [
    index("chain_verification_runs_started_idx").on(t.startedAt),
    uniqueIndex("chain_verification_runs_one_running").on(sql`(true)`).where(sql`${t.status} = 'running'`),
  ],
);

export type ChainVerificationRun = typeof chainVerificationRuns.$inferSelect;

export const reviewScopes = ["events", "day"] as const;
export type ReviewScope = (typeof reviewScopes)[number];

/**
 * An auditor's review: of chosen events, or of a whole JST day under a filter. Append-only
 * (triggers in the migration). Which events it covers is fixed when it is written, in
 * event_review_items: an event that arrives later for the same day is not covered by it.
 */
export const eventReviews = pgTable(
  "event_reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reviewerId: uuid("reviewer_id").notNull().references(() => staff.id),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true, precision: 3 }).notNull(),
    scope: text("scope").$type<ReviewScope>().notNull(),
    /** Day reviews: the JST date and the filter they were made under. */
    day: date("day", { mode: "string" }),
    filterAction: text("filter_action"),
    filterOutcome: auditOutcomeEnum("filter_outcome"),
    filterHighRisk: boolean("filter_high_risk").notNull().default(false),
    comment: text("comment").notNull(),
    eventCount: integer("event_count").notNull(),
  },
  (t) => [index("event_reviews_reviewed_at_idx").on(t.reviewedAt)],
);

/**
 * The events a review covers. No foreign key to audit_events: checking one would lock audit rows
 * (FOR KEY SHARE); the ids come from a SELECT on audit_events in the same statement.
 */
export const eventReviewItems = pgTable(
  "event_review_items",
  {
    eventId: bigint("event_id", { mode: "number" }).notNull(),
    reviewId: uuid("review_id").notNull().references(() => eventReviews.id),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.reviewId] }), index("event_review_items_review_idx").on(t.reviewId)],
);

export type EventReview = typeof eventReviews.$inferSelect;
