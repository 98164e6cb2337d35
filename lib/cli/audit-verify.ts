import { closeDb, getDb } from "@/db/client";
import { verifyAuditChain } from "@/lib/audit/verify";
import { runCli } from "./run";

/**
 * npm run audit:verify — walks the whole audit chain; exit 0 when intact, 2 with the first bad
 * sequence number when not. On the embedded database, stop the portal first (one process at a time).
 */
runCli(async () => {
  const started = Date.now();
  const report = await verifyAuditChain(await getDb());
  await closeDb();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (report.ok) {
    console.log(`Audit chain intact: ${report.checked} events, last sequence ${report.lastSeq}, head ${report.lastHash.slice(0, 16)}… (${seconds} s)`);
    return 0;
  }
  console.error(`Audit chain BROKEN at sequence ${report.firstBadSeq}: ${report.problem} (${report.checked} events verified before it)`);
  return 2;
});
