import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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
