import { date, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** 契約者ID / 利用者番号 — 10 digits. */
    contractId: text("contract_id").notNull().unique(),
    nameKanji: text("name_kanji").notNull(),
    /** Full-width katakana as registered. */
    nameKana: text("name_kana").notNull(),
    /** Search key: kana folded to half-width-free katakana without spaces (lib/customers/fold). */
    nameSearch: text("name_search").notNull(),
    birthDate: date("birth_date", { mode: "string" }).notNull(),
    /** Digits only, e.g. 09012345678. */
    phone: text("phone").notNull(),
    branchCode: text("branch_code").notNull(),
    branchName: text("branch_name").notNull(),
    accountNumber: text("account_number").notNull(),
    postalCode: text("postal_code").notNull(),
    address: text("address").notNull(),
    /** Set when repeated failed caller verifications block phone verification. */
    verificationBlockedAt: timestamp("verification_blocked_at", { withTimezone: true }),
    /** When the block (or the failures leading to it) was last cleared; older failures no longer count. */
    verificationClearedAt: timestamp("verification_cleared_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("customers_phone_idx").on(t.phone),
    index("customers_name_search_idx").on(t.nameSearch),
    uniqueIndex("customers_branch_account_idx").on(t.branchCode, t.accountNumber),
    index("customers_created_idx").on(sql`${t.createdAt} desc`),
    // A one-kanji search (林, 森, 誠) is a whole family or given name: exact matches on these.
    index("customers_family_kanji_idx").on(sql`split_part(translate(${t.nameKanji}, '　', ' '), ' ', 1)`),
    index("customers_given_kanji_idx").on(sql`split_part(translate(${t.nameKanji}, '　', ' '), ' ', 2)`),
  ],
);

export type Customer = typeof customers.$inferSelect;
export type NewCustomer = typeof customers.$inferInsert;
