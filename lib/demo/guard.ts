import { and, count, eq, notExists, sql } from "drizzle-orm";
import type { Db, DbHandle } from "@/db/client";
import { auditEvents, customers, staff } from "@/db/schema";
import { ConfigError } from "@/lib/config/env";

/** Counting stops here: the refusal needs a reason, not a census of a production database. */
const COUNT_CAP = 1000;

/** What in a database is not demo data (see realDataIn). */
export interface RealData {
  staff: number;
  customers: number;
}

/**
 * Counts what is not demo data. Demo data is, precisely: staff accounts marked `is_demo` (only
 * the system actor can set it: the demo seed does, for its five accounts), and customers loaded
 * by the demo import — `demo.import_customer`, whose successful audit event names the customer
 * and was written in the same transaction as the row. Any other account or customer is a real
 * person, and the demo mailbox must never show their letters and codes.
 */
export async function realDataIn(db: Db): Promise<RealData> {
  const [realStaff] = await db.select({ n: count() }).from(staff).where(eq(staff.isDemo, false));
  const imported = db
    .select({ one: sql`1` })
    .from(auditEvents)
    .where(and(eq(auditEvents.customerId, customers.id), eq(auditEvents.action, "demo.import_customer"), eq(auditEvents.outcome, "success")));
  const notImported = db.select({ one: sql`1` }).from(customers).where(notExists(imported)).limit(COUNT_CAP).as("not_imported");
  const [realCustomers] = await db.select({ n: count() }).from(notImported);
  return { staff: Number(realStaff?.n ?? 0), customers: Number(realCustomers?.n ?? 0) };
}

/** Demo mode met a database with real people in it. */
export class DemoModeRefused extends ConfigError {
  override name = "DemoModeRefused";
}

/**
 * Demo mode runs on the embedded database (PGlite, this machine's own) or on a PostgreSQL
 * database that holds nothing but demo data (an empty one is seeded). Anything else — a
 * production database with TOKENDESK_DEMO=1 — is refused with one line naming what was found,
 * before the demo seed, the demo API client or a single request.
 */
export async function assertDemoDatabase(handle: Pick<DbHandle, "db" | "driver">): Promise<void> {
  if (handle.driver === "pglite") return;
  const real = await realDataIn(handle.db);
  const found = [
    real.staff > 0 ? plural(real.staff, "staff account that is not a demo account", "staff accounts that are not demo accounts") : null,
    real.customers > 0 ? plural(real.customers, "customer the demo import did not load", "customers the demo import did not load") : null,
  ].filter((reason): reason is string => reason !== null);
  if (found.length === 0) return;
  throw new DemoModeRefused(
    `demo mode refused: this PostgreSQL database holds ${found.join(" and ")}, and demo mode would show their letters and codes in the demo mailbox. ` +
      `Unset TOKENDESK_DEMO (or set it to 0), or point DATABASE_URL at an empty database.`,
  );
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n >= COUNT_CAP ? `${COUNT_CAP} or more` : n} ${many}`;
}
