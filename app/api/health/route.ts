import { getDb } from "@/db/client";
import { sealingLag, type SealingLag } from "@/lib/audit/sequencer";
import { prepareServer } from "@/lib/server/prepare";
import { reportUnexpected } from "@/lib/server/report-error";

export const dynamic = "force-dynamic";

// Infrastructure, outside the query path: load balancers probe it without a session.
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

/** Readiness: 200 once the database is migrated (and, in demo mode, seeded), with the audit sealing lag. */
export async function GET() {
  try {
    await prepareServer();
    const lag = await currentLag();
    return Response.json({ status: "ready", audit: { sealedSeq: lag.headSeq, unsealed: lag.unsealed, oldestUnsealedAgeMs: lag.oldestUnsealedAgeMs } });
  } catch (error) {
    return Response.json({ status: "unavailable", errorId: reportUnexpected("health_unavailable", error) }, { status: 503 });
  }
}
