import { type AnyPgColumn, bigint, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { customers } from "./customers";

export const tokenKinds = ["app", "hardware"] as const;
export const tokenKindEnum = pgEnum("token_kind", tokenKinds);

export const tokenStatuses = [
  "pending_activation",
  "activation_locked",
  "active",
  "locked",
  "suspended",
  "expired",
  "revoked",
] as const;
export type TokenStatus = (typeof tokenStatuses)[number];
export const tokenStatusEnum = pgEnum("token_status", tokenStatuses);

export const revokeReasons = ["cancelled", "replaced", "lost", "stolen", "device_changed", "app_deleted", "fraud"] as const;
export const revokeReasonEnum = pgEnum("token_revoke_reason", revokeReasons);

export const tokens = pgTable(
  "tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id").notNull().references(() => customers.id),
    /** サービスID, 8 digits. */
    serviceId: text("service_id").notNull(),
    /** ユーザID, 12 digits. */
    userId: text("user_id").notNull(),
    /** シリアル番号, 8 digits, unique for ever. */
    serial: text("serial").notNull().unique(),
    kind: tokenKindEnum("kind").notNull().default("app"),
    status: tokenStatusEnum("status").notNull(),
    activationPasswordHash: text("activation_password_hash"),
    activationFailures: integer("activation_failures").notNull().default(0),
    activationDeadline: timestamp("activation_deadline", { withTimezone: true }),
    /** AES-256-GCM envelope of the TOTP secret; set at activation. */
    totpSecretEnc: text("totp_secret_enc"),
    /** Per-token clock offset in 60-second steps, adjusted by password correction. */
    clockOffsetSteps: integer("clock_offset_steps").notNull().default(0),
    otpFailures: integer("otp_failures").notNull().default(0),
    lastUsedStep: bigint("last_used_step", { mode: "number" }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    deviceLabel: text("device_label"),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
    activatedAt: timestamp("activated_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    suspendedAt: timestamp("suspended_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokeReason: revokeReasonEnum("revoke_reason"),
    replacedByTokenId: uuid("replaced_by_token_id").references((): AnyPgColumn => tokens.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("tokens_customer_idx").on(t.customerId),
    index("tokens_service_user_idx").on(t.serviceId, t.userId),
    // One live token per service ID + user ID (S0B4: one token, one device).
    uniqueIndex("tokens_live_service_user_unique")
      .on(t.serviceId, t.userId)
      .where(sql`${t.status} <> 'revoked'`),
  ],
);

export type Token = typeof tokens.$inferSelect;
export type NewToken = typeof tokens.$inferInsert;
