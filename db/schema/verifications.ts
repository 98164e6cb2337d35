import { index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { customers } from "./customers";
import { staff } from "./staff";

export const verificationMethods = ["phone", "in_person"] as const;
export const verificationMethodEnum = pgEnum("verification_method", verificationMethods);
export const verificationResults = ["passed", "failed"] as const;
export const verificationResultEnum = pgEnum("verification_result", verificationResults);

/** A caller identity check. Raw answers are never stored — only which facts matched. */
export const identityVerifications = pgTable(
  "identity_verifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id").notNull().references(() => customers.id),
    staffId: uuid("staff_id").notNull().references(() => staff.id),
    method: verificationMethodEnum("method").notNull(),
    result: verificationResultEnum("result").notNull(),
    matchedFacts: jsonb("matched_facts").$type<string[]>().notNull(),
    failedFacts: jsonb("failed_facts").$type<string[]>().notNull(),
    documentType: text("document_type"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("identity_verifications_customer_idx").on(t.customerId, t.createdAt),
    index("identity_verifications_staff_idx").on(t.staffId, t.createdAt),
  ],
);

export type IdentityVerification = typeof identityVerifications.$inferSelect;
