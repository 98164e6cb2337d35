import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { customers } from "./customers";

/** Up to 3 live addresses per customer, as the bank's records allow; deleted rows are kept for the record. */
export const registeredEmails = pgTable(
  "registered_emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id").notNull().references(() => customers.id),
    address: text("address").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * Null until the customer enters the code sent to the address: an unconfirmed address gets
     * the confirmation mail and nothing else (no OTP mail, no notices).
     */
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    /** argon2id hash of the confirmation code; cleared once confirmed. */
    confirmCodeHash: text("confirm_code_hash"),
    confirmExpiresAt: timestamp("confirm_expires_at", { withTimezone: true }),
    confirmFailures: integer("confirm_failures").notNull().default(0),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    index("registered_emails_customer_idx").on(t.customerId),
    index("registered_emails_address_idx").on(sql`lower(${t.address})`),
    uniqueIndex("registered_emails_live_unique")
      .on(t.customerId, sql`lower(${t.address})`)
      .where(sql`${t.deletedAt} is null`),
  ],
);

export type RegisteredEmail = typeof registeredEmails.$inferSelect;
