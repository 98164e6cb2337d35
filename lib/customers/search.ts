import { and, asc, count, desc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { customers, registeredEmails, tokens } from "@/db/schema";
import { maskEmail, maskPhone } from "@/lib/audit/redact";
import { foldForSearch } from "./fold";
import { isRomaji, romajiVariants } from "./romaji";
import { CONTRACT_ID, PHONE, SERIAL, SERVICE_ID, typedDigits, USER_ID } from "@/lib/validation/identifiers";
import type { CustomerSearchParams } from "./search-schema";

/** More matches than this and the operator is asked to narrow the query down. */
export const MAX_MATCHES = 500;

export interface CustomerListRow {
  id: string;
  contractId: string;
  nameKanji: string;
  nameKana: string;
  branchName: string;
  phoneMasked: string;
  emailMasked: string | null;
  verificationBlocked: boolean;
  [key: string]: unknown;
}

export type SearchOutcome =
  | { status: "ok"; rows: CustomerListRow[]; total: number; page: number; pageSize: number }
  | { status: "empty" }
  | { status: "tooShort" }
  | { status: "tooBroad"; limit: number }
  | { status: "badFormat"; field: "query" | "userId" };

type Condition = { ok: true; where: SQL } | { ok: false; outcome: SearchOutcome };

const HAN = /\p{Script=Han}/u;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
/** The kanji name as the trigram index stores it: without spaces or middle dots. */
export const kanjiKey = sql`translate(${customers.nameKanji}, ' 　・', '')`;
/** Family and given name in kanji, each alone (db/schema/customers.ts indexes both). */
export const familyKanji = sql`split_part(translate(${customers.nameKanji}, '　', ' '), ' ', 1)`;
export const givenKanji = sql`split_part(translate(${customers.nameKanji}, '　', ' '), ' ', 2)`;

/** Turns a search into one indexed condition on customers, or says why it cannot run. */
export function searchCondition(params: Pick<CustomerSearchParams, "kind" | "query" | "userId">): Condition {
  const raw = params.query.trim();
  if (!raw && !(params.kind === "serviceUser" && params.userId.trim())) return { ok: false, outcome: { status: "empty" } };
  const bad = (field: "query" | "userId" = "query"): Condition => ({ ok: false, outcome: { status: "badFormat", field } });
  switch (params.kind) {
    case "name": {
      if (isRomaji(raw)) {
        const { words, kanaLength } = romajiVariants(raw);
        if (kanaLength < 2) return { ok: false, outcome: { status: "tooShort" } };
        // Two kana in one word: anchored like any two-character kana search.
        const prefixOnly = words.length === 1 && kanaLength === 2;
        const word = (variants: string[]) => or(...variants.map((v) => sql`${customers.nameSearch} like ${prefixOnly ? `${v}%` : `%${v}%`}`))!;
        return { ok: true, where: and(...words.map(word))! };
      }
      const han = HAN.test(raw);
      const key = han ? raw.normalize("NFKC").replace(/[\s・･·]/gu, "") : foldForSearch(raw);
      const chars = [...key].length;
      // One kanji is a whole family or given name (林, 森, 誠): matched exactly, by its own index.
      if (han && chars === 1) return { ok: true, where: or(eq(familyKanji, key), eq(givenKanji, key))! };
      if (chars < 2) return { ok: false, outcome: { status: "tooShort" } };
      // Two characters give a trigram index nothing to hold on to unless anchored at the start.
      const pattern = chars === 2 ? `${escapeLike(key)}%` : `%${escapeLike(key)}%`;
      return { ok: true, where: han ? sql`${kanjiKey} like ${pattern}` : sql`${customers.nameSearch} like ${pattern}` };
    }
    case "contract": {
      const contractId = typedDigits(raw, CONTRACT_ID);
      return contractId ? { ok: true, where: eq(customers.contractId, contractId) } : bad();
    }
    case "phone": {
      const phone = typedDigits(raw, PHONE);
      return phone ? { ok: true, where: eq(customers.phone, phone) } : bad();
    }
    case "email": {
      const address = raw.normalize("NFKC").toLowerCase();
      if (!/^[^\s@]+@[^\s@]+$/.test(address)) return bad();
      const owners = sql`select ${registeredEmails.customerId} from ${registeredEmails} where lower(${registeredEmails.address}) = ${address} and ${registeredEmails.deletedAt} is null`;
      return { ok: true, where: sql`${customers.id} in (${owners})` };
    }
    case "serviceUser": {
      const serviceId = typedDigits(raw, SERVICE_ID);
      const userId = typedDigits(params.userId, USER_ID);
      if (!serviceId) return bad("query");
      if (!userId) return bad("userId");
      const owners = sql`select ${tokens.customerId} from ${tokens} where ${tokens.serviceId} = ${serviceId} and ${tokens.userId} = ${userId}`;
      return { ok: true, where: sql`${customers.id} in (${owners})` };
    }
    case "serial": {
      const serial = typedDigits(raw, SERIAL);
      if (!serial) return bad();
      return { ok: true, where: sql`${customers.id} in (select ${tokens.customerId} from ${tokens} where ${tokens.serial} = ${serial})` };
    }
  }
}

const sortColumns = {
  nameKana: ["nameSearch", "contractId"],
  contractId: ["contractId"],
  branchName: ["branchName", "nameSearch", "contractId"],
} as const;

/**
 * The desk's customer search: one indexed condition, a capped count, one page of rows with
 * personal data masked. Never logs the query (it holds personal data).
 */
export async function searchCustomers(db: Queryable, params: CustomerSearchParams, options: { maxMatches?: number } = {}): Promise<SearchOutcome> {
  const limit = options.maxMatches ?? MAX_MATCHES;
  const condition = searchCondition(params);
  if (!condition.ok) return condition.outcome;
  const capped = db.select({ one: sql`1` }).from(customers).where(condition.where).limit(limit + 1).as("capped");
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(capped);
  if (total > limit) return { status: "tooBroad", limit };
  const direction = params.dir === "desc" ? desc : asc;
  const page = total === 0 ? 0 : Math.min(params.page, Math.floor((total - 1) / params.pageSize));
  // The page is sorted from the (at most limit) matches, never found by walking a sorted index:
  // with a LIMIT the planner may otherwise scan customers_name_search_idx in order and filter a
  // million rows (measured 5.6 s for "Ueda Yuki") instead of using the trigram index (0.2 s).
  const matches = db
    .select({
      id: customers.id,
      contractId: customers.contractId,
      nameKanji: customers.nameKanji,
      nameKana: customers.nameKana,
      nameSearch: customers.nameSearch,
      branchName: customers.branchName,
      phone: customers.phone,
      blockedAt: customers.verificationBlockedAt,
    })
    .from(customers)
    .where(condition.where)
    .limit(limit + 1)
    .as("matches");
  const found = total
    ? await db
        .select({
          id: matches.id,
          contractId: matches.contractId,
          nameKanji: matches.nameKanji,
          nameKana: matches.nameKana,
          branchName: matches.branchName,
          phone: matches.phone,
          blockedAt: matches.blockedAt,
        })
        .from(matches)
        .orderBy(...sortColumns[params.sort].map((c) => direction(matches[c])))
        .limit(params.pageSize)
        .offset(page * params.pageSize)
    : [];
  const emails = await firstEmails(db, found.map((c) => c.id));
  const rows = found.map(({ phone, blockedAt, ...c }) => ({
    ...c,
    phoneMasked: maskPhone(phone),
    emailMasked: emails.has(c.id) ? maskEmail(emails.get(c.id)!) : null,
    verificationBlocked: blockedAt !== null,
  }));
  return { status: "ok", rows, total, page, pageSize: params.pageSize };
}

async function firstEmails(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ customerId: registeredEmails.customerId, address: registeredEmails.address })
    .from(registeredEmails)
    .where(and(inArray(registeredEmails.customerId, ids), isNull(registeredEmails.deletedAt)))
    .orderBy(asc(registeredEmails.createdAt), asc(registeredEmails.address));
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(r.customerId)) out.set(r.customerId, r.address);
  return out;
}
