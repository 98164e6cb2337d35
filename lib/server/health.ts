import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { prepareServer } from "./prepare";

/** The database is probed at most this often per process, so a health probe stays cheap. */
const PROBE_TTL_MS = 500;
let probeCache: { at: number; value: Promise<unknown> } | undefined;

function probeDatabase(): Promise<unknown> {
  if (!probeCache || Date.now() - probeCache.at > PROBE_TTL_MS) {
    const value = getDb().then((db) => db.execute(sql`select 1`));
    probeCache = { at: Date.now(), value };
    value.catch(() => (probeCache = undefined));
  }
  return probeCache.value;
}

/**
 * Readiness for load balancers (no session, so outside the query path): resolves once the database
 * is migrated (and, in demo mode, seeded) and still answers. Anyone may ask, so the answer is
 * ready or not and nothing else: the audit sealing lag is on the audit integrity page.
 */
export async function readiness(): Promise<{ status: "ready" }> {
  await prepareServer();
  await probeDatabase();
  return { status: "ready" };
}
