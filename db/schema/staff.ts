import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

import { staffRoles, type StaffRole } from "@/lib/staff/roles";

export { staffRoles, type StaffRole };
export const staffRoleEnum = pgEnum("staff_role", staffRoles);

export const staff = pgTable("staff", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** Stored lower-case; sign-in compares case-insensitively. */
  loginId: text("login_id").notNull().unique(),
  displayName: text("display_name").notNull(),
  role: staffRoleEnum("role").notNull(),
  passwordHash: text("password_hash").notNull(),
  /** AES-256-GCM envelope (lib/crypto); null until the staff member enrols an authenticator. */
  totpSecretEnc: text("totp_secret_enc"),
  /** Secret offered during enrolment, promoted to totp_secret_enc once a code from it is confirmed. */
  totpPendingSecretEnc: text("totp_pending_secret_enc"),
  /** Last TOTP time step accepted, so a code is never accepted twice. */
  totpLastStep: integer("totp_last_step"),
  failedSignIns: integer("failed_sign_ins").notNull().default(0),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
  /** Demo accounts are refused outside demo mode. */
  isDemo: boolean("is_demo").notNull().default(false),
  lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Staff = typeof staff.$inferSelect;
export type NewStaff = typeof staff.$inferInsert;

export const sessionEndReasons = ["sign_out", "idle", "max_age", "disabled", "role_changed", "mfa_reset"] as const;
export const sessionEndReasonEnum = pgEnum("session_end_reason", sessionEndReasons);

/** Server-side record of each JWT session so idle time, sign-out and disabling take effect at once. */
export const staffSessions = pgTable(
  "staff_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    staffId: uuid("staff_id").notNull().references(() => staff.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endReason: sessionEndReasonEnum("end_reason"),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("staff_sessions_staff_idx").on(t.staffId)],
);

export type StaffSession = typeof staffSessions.$inferSelect;
