import { closeDb, getDb } from "@/db/client";
import { checkpointConfig } from "@/lib/audit/config";
import { writeCheckpoint } from "@/lib/audit/checkpoint";
import { chainHead, sealAll } from "@/lib/audit/sequencer";
import { runCli } from "./run";

/**
 * npm run audit:checkpoint — seals what is pending and signs a checkpoint of the head now (the
 * running portal's sequencer also does this every 10 s when something new was sealed).
 */
runCli(async () => {
  const config = checkpointConfig();
  const db = await getDb();
  const { sealed } = await sealAll(db);
  const head = await chainHead(db);
  await closeDb();
  if (!head) {
    console.log("The audit chain is empty: nothing to sign.");
    return 0;
  }
  const checkpoint = writeCheckpoint(config, head, new Date());
  if (sealed) console.log(`Sealed ${sealed} pending events.`);
  if (!checkpoint) console.log(`The newest checkpoint already covers sequence ${head.seq}.`);
  else console.log(`Checkpoint ${checkpoint.index}: sequence ${checkpoint.seq}, hash ${checkpoint.hash.slice(0, 16)}…, written to ${config.dir}`);
  return 0;
});
