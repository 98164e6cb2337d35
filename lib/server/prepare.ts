import { getDbHandle } from "@/db/client";
import { parseTrustedProxies } from "@/lib/auth/client-address";
import { SINGLE_ROLE_WARNING } from "@/lib/config/database";
import { seedDemo } from "@/db/seed/seed";
import { checkpointConfig } from "@/lib/audit/config";
import { startSequencer, type Sequencer } from "@/lib/audit/worker";
import { ConfigError, getSecrets, isDemoMode } from "@/lib/config/env";
import { ensureDemoApiClient } from "@/lib/demo/api-client";
import { assertDemoDatabase } from "@/lib/demo/guard";

let ready: Promise<void> | undefined;
const globalSequencer = globalThis as unknown as { __tokendeskSequencer?: Sequencer };

/**
 * Opens (and migrates) the database, checks the secrets, in demo mode refuses a database with
 * real staff or customers and fills an empty one with demo data, and starts the audit sequencer (which also seals what CLI commands left
 * pending). The readiness route waits on the same promise.
 */
export function prepareServer(): Promise<void> {
  ready ??= (async () => {
    getSecrets();
    // A mistyped proxy list fails the start, not every request.
    parseTrustedProxies(process.env.TOKENDESK_TRUSTED_PROXIES);
    const handle = await getDbHandle();
    const db = handle.db;
    if (handle.roles === "single") console.warn(JSON.stringify({ level: "warn", event: "database_single_role", message: SINGLE_ROLE_WARNING }));
    if (isDemoMode()) {
      // Before anything demo-only touches it: never a database with real staff or customers.
      await assertDemoDatabase(handle);
      const report = await seedDemo(db, { history: true });
      if (report.seeded) console.log(JSON.stringify({ level: "info", event: "demo_seeded", staff: report.staff, customers: report.customers, historyDays: report.historyDays }));
      const client = await ensureDemoApiClient(db);
      if (client.created) console.log(JSON.stringify({ level: "info", event: "demo_api_client", name: client.name }));
    }
    globalSequencer.__tokendeskSequencer ??= startSequencer(await getDbHandle(), { checkpoints: checkpointConfig() });
  })();
  return ready;
}

/**
 * The server's start (instrumentation.ts): a configuration the portal must not run with (missing
 * secrets, demo mode on a database with real people in it) ends the process with one line saying
 * why, instead of a server that answers 503 forever.
 */
export async function prepareServerOrExit(): Promise<void> {
  try {
    await prepareServer();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`TokenDesk will not start: ${error.message}`);
    process.exit(1);
  }
}
