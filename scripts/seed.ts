import { existsSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { closeDb, configFromEnv, getDb } from "@/db/client";
import { DEFAULT_DEMO_CUSTOMERS, seedDemo } from "@/db/seed/seed";
import { auditCheckpointDir, dataHome, demoModeOffHint, isDemoMode } from "@/lib/config/env";
import { ensureDemoApiClient } from "@/lib/demo/api-client";
import { argValue, runCli } from "./run";

/**
 * npm run db:seed [-- --reset] [-- --customers N] [-- --no-history] — demo data, through the action
 * pipeline: staff, customers and four weeks of the desk's past (--no-history: the customers only).
 * Without --reset a database that holds customers is left alone. --reset starts from an empty
 * database (the audit log is append-only, so a reset is a new database, not a deletion) and is
 * refused outside demo mode. On the embedded database, stop the portal first.
 */
runCli(async () => {
  if (!isDemoMode()) {
    console.error(`Demo data is only for demo mode: ${demoModeOffHint()}.`);
    return 1;
  }
  const customers = Number(argValue("--customers") ?? DEFAULT_DEMO_CUSTOMERS);
  if (!Number.isInteger(customers) || customers < 1 || customers > 100_000) {
    console.error("--customers must be a whole number from 1 to 100000.");
    return 1;
  }
  if (process.argv.includes("--reset")) {
    const config = configFromEnv();
    if (config.driver === "pglite") {
      rmSync(path.join(dataHome(), "pglite"), { recursive: true, force: true });
    } else {
      const db = await getDb();
      await db.execute(sql`drop schema if exists public cascade`);
      await db.execute(sql`drop schema if exists drizzle cascade`);
      await db.execute(sql`create schema public`);
      await closeDb();
    }
    // The old log's signed checkpoints would name sequences the new log does not have: set them aside.
    const checkpoints = auditCheckpointDir();
    if (existsSync(checkpoints)) renameSync(checkpoints, `${checkpoints}-before-reset-${Date.now()}`);
    console.log("Database reset.");
  }
  const report = await seedDemo(await getDb(), { customers, history: !process.argv.includes("--no-history") });
  await ensureDemoApiClient(await getDb());
  await closeDb();
  const history = report.historyDays ? ` and ${report.historyDays} working days of desk history` : "";
  console.log(report.seeded ? `Seeded ${report.staff} demo staff, ${report.customers} customers${history}.` : "The database already holds customers; left alone (use --reset to start over).");
});
