import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Systems that call the token-service API (the customer's OTP app back end, internet banking).
 * The key is shown once at creation; only its SHA-256 is kept (keys are 256-bit random, so a fast
 * hash is enough) plus a short public prefix that identifies the key in logs and the audit.
 */
export const apiClients = pgTable("api_clients", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  keyPrefix: text("key_prefix").notNull().unique(),
  keyHash: text("key_hash").notNull().unique(),
  /** Calls per minute for this client across all tokens. */
  rateLimitPerMinute: integer("rate_limit_per_minute").notNull().default(600),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});

export type ApiClient = typeof apiClients.$inferSelect;

/**
 * Fixed-window rate-limit counters, kept in the database so app servers stay stateless.
 * bucket is e.g. "client:<uuid>" or "token:<serviceId>:<userId>".
 */
export const apiRateBuckets = pgTable(
  "api_rate_buckets",
  {
    bucket: text("bucket").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    hits: integer("hits").notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] }), index("api_rate_buckets_window_idx").on(t.windowStart)],
);
