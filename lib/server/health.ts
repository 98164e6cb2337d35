import { getDb } from "@/db/client";
import { sealingLag, type SealingLag } from "@/lib/audit/sequencer";
import { prepareServer } from "./prepare";

/** The sealing lag is read at most this often per process, so a health probe stays cheap. */
const LAG_TTL_MS = 500;
let lagCache: { at: number; value: Promise<SealingLag> } | undefined;

function currentLag(): Promise<SealingLag> {
  if (!lagCache || Date.now() - lagCache.at > LAG_TTL_MS) {
    const value = getDb().then(sealingLag);
    lagCache = { at: Date.now(), value };
    value.catch(() => (lagCache = undefined));
  }
  return lagCache.value;
}

/**
 * Readiness for load balancers (no session, so outside the query path): resolves once the database
 * is migrated (and, in demo mode, seeded), with how far the audit sequencer has sealed.
 */
export async function readiness() {
  await prepareServer();
  const lag = await currentLag();
  return { status: "ready" as const, audit: { sealedSeq: lag.headSeq, unsealed: lag.unsealed, oldestUnsealedAgeMs: lag.oldestUnsealedAgeMs } };
}
