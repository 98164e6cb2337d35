import { closeDb, getDb } from "@/db/client";
import { checkpointConfig } from "@/lib/audit/config";
import { publicKeyBase64 } from "@/lib/audit/checkpoint";
import { sealAll } from "@/lib/audit/sequencer";
import { verifyAuditChain } from "@/lib/audit/verify";
import { runCli } from "./run";

/**
 * npm run audit:verify [-- --key] — seals pending events (if it can), then walks the whole audit
 * chain and every signed checkpoint; exit 0 when intact, 2 with the first bad sequence number when
 * not. --key prints the checkpoint signing key's public half instead. On the embedded database,
 * stop the portal first (one process at a time).
 */
runCli(async () => {
  const config = checkpointConfig();
  if (process.argv.includes("--key")) {
    console.log(`Ed25519 public key (raw, base64): ${publicKeyBase64(config.keys.publicKey)}`);
    console.log(config.keys.publicKey.export({ format: "pem", type: "spki" }).toString().trim());
    return 0;
  }
  const started = Date.now();
  const db = await getDb();
  try {
    const sealed = await sealAll(db);
    if (sealed.sealed) console.log(`Sealed ${sealed.sealed} pending events first.`);
  } catch (error) {
    console.error(`Could not seal pending events (${error instanceof Error ? error.message : String(error)}); they are reported as pending.`);
  }
  const report = await verifyAuditChain(db, { checkpoints: { dir: config.dir, publicKey: config.keys.publicKey } });
  await closeDb();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (report.ok) {
    console.log(
      `Audit chain intact: ${report.checked} events, last sequence ${report.lastSeq}, head ${report.lastHash.slice(0, 16)}…, ` +
        `${report.checkpoints} signed checkpoints match (${config.dir}), ${report.pending} pending (${seconds} s)`,
    );
    return 0;
  }
  const where = report.checkpoint ? ` (checkpoint file ${report.checkpoint})` : "";
  const range = report.fromSeq ? ` — the change lies in sequences ${report.fromSeq}–${report.firstBadSeq}` : "";
  console.error(`Audit chain BROKEN at sequence ${report.firstBadSeq}: ${report.problem}${where}${range} (${report.checked} events verified before it)`);
  return 2;
});
