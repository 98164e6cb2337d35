import { count } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { createStaff } from "@/lib/actions/staff/create-staff";
import { importDemoCustomer } from "@/lib/actions/demo/import-demo-customer";
import { verifyCallerByPhone } from "@/lib/actions/verification/verify-caller-by-phone";
import { MAX_FAILED_ATTEMPTS } from "@/lib/verification/policy";
import type { ExecuteOptions } from "@/lib/actions/execute";
import { DEMO_PASSWORD, demoAccounts } from "@/lib/demo/accounts";
import { ensureDemoApiClient } from "@/lib/demo/api-client";
import { DAY, fixedClock, systemClock, type Clock } from "@/lib/time/clock";
import { demoCustomers, type DemoCustomer } from "./demo-data";

export const DEFAULT_DEMO_CUSTOMERS = 120;

export interface SeedReport {
  seeded: boolean;
  staff: number;
  customers: number;
  /** With `history`: the JST working days of desk activity replayed before today. */
  historyDays?: number;
}

export interface SeedOptions {
  customers?: number;
  clock?: Clock;
  /**
   * Also replay four weeks of the desk's past (db/seed/history.ts) so the reports and the daily
   * review have something to show: the demo's own start and `npm run db:seed` ask for it; tests
   * that only need the customers leave it out (it writes some 750 more events: seconds on PGlite).
   * The staff and customers are then created at the history's start, with the same present state.
   */
  history?: boolean;
}

/**
 * Fills an empty database with demo staff and customers — through the action pipeline as the
 * CLI's system actor, so every row has its audit event. A database that holds customers is left alone.
 */
export async function seedDemo(db: Db, options: SeedOptions = {}): Promise<SeedReport> {
  const [existing] = await db.select({ n: count() }).from(customers);
  if ((existing?.n ?? 0) > 0) return { seeded: false, staff: 0, customers: 0 };
  const clock = options.clock ?? systemClock;
  const now = clock.now();
  // With history the desk opens weeks ago: staff and customers exist from then on, and the
  // replay's clock moves forward from there, never past `now`. Loaded only then: the replay pulls
  // in the notice worker and the letters, which a test's seed has no use for.
  const history = options.history ? await import("./history") : null;
  const replay = history ? fixedClock(history.historyStart(now)) : null;
  const exec: ExecuteOptions = { db, clock: replay ?? clock, actor: { type: "system", name: "demo-seed" }, meta: { channel: "cli", locale: "ja", requestId: "demo-seed" } };

  let staffCount = 0;
  const staffIds = new Map<string, string>();
  for (const account of demoAccounts) {
    const result = await executeAction(createStaff, { ...account, initialPassword: DEMO_PASSWORD, isDemo: true }, exec);
    if (!result.ok && result.code !== "conflict") throw new Error(`Demo staff ${account.loginId}: ${result.code} ${result.message}`);
    if (result.ok) {
      staffCount++;
      staffIds.set(account.loginId, result.data.staffId);
    }
  }
  const records = demoCustomers(options.customers ?? DEFAULT_DEMO_CUSTOMERS);
  const customerIds: string[] = [];
  for (const record of records) {
    // Anchored to `now` either way: the customers' tokens are today what the demo data says.
    const result = await executeAction(importDemoCustomer, toImportRecord(record, now), exec);
    if (!result.ok) throw new Error(`Demo customer ${record.contractId}: ${result.code} ${JSON.stringify(result.fieldErrors ?? {})}`);
    customerIds.push(result.data.customerId);
  }
  let historyDays: number | undefined;
  if (history && replay) {
    const { apiKey } = await ensureDemoApiClient(db, replay);
    const replayed = await history.seedHistory({
      db, clock: replay, until: now, staffIds, apiKey,
      customers: records.map((record, i) => ({ id: customerIds[i]!, record })),
    });
    historyDays = replayed.days;
  }
  await blockOneCustomer(db, clock, staffIds.get("operator1"), records, customerIds);
  return { seeded: true, staff: staffCount, customers: records.length, ...(historyDays === undefined ? {} : { historyDays }) };
}

function daysAgo(now: Date, days: number | null): Date | null {
  return days === null ? null : new Date(now.getTime() - days * DAY);
}

/** A demo record as the legacy import takes it: its relative days anchored to `now`. */
export function toImportRecord(record: DemoCustomer, now: Date) {
  return {
    ...record,
    tokens: record.tokens.map(({ issuedDaysAgo, activatedDaysAgo, expiresInDays, lastUsedDaysAgo, ...token }) => ({
      ...token,
      issuedAt: daysAgo(now, issuedDaysAgo),
      activatedAt: daysAgo(now, activatedDaysAgo),
      expiresAt: new Date(now.getTime() + expiresInDays * DAY),
      lastUsedAt: daysAgo(now, lastUsedDaysAgo),
    })),
  };
}

/** The demo's 8th customer has failed phone verification 3 times (operator1, wrong birth date): blocked. */
export const BLOCKED_DEMO_INDEX = 7;

async function blockOneCustomer(db: Db, clock: Clock, operatorId: string | undefined, records: DemoCustomer[], ids: string[]): Promise<void> {
  const record = records[BLOCKED_DEMO_INDEX];
  const customerId = ids[BLOCKED_DEMO_INDEX];
  if (!operatorId || !record || !customerId) return;
  const exec: ExecuteOptions = { db, clock, actor: { type: "staff", staffId: operatorId, sessionId: null }, meta: { channel: "cli", locale: "ja", requestId: "demo-seed" } };
  const answers = { customerId, name: record.nameKana, birthDate: "1900-01-01", phone: record.phone, branchCode: record.branchCode, accountNumber: record.accountNumber };
  for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) {
    const result = await executeAction(verifyCallerByPhone, answers, exec);
    if (!result.ok) throw new Error(`Demo verification failure: ${result.code}`);
  }
}
