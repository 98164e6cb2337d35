import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * One row per form submission that carried a request key: written in the action's own
 * transaction, so a double click, a browser retry or a resubmitted form changes things once and
 * the second arrival is told it was already done.
 */
export const actionRequests = pgTable("action_requests", {
  key: uuid("key").primaryKey(),
  action: text("action").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
});
