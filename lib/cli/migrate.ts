import { closeDb, getDbHandle } from "@/db/client";
import { runCli } from "./run";

/** npm run db:migrate — applies pending migrations (the portal also does this when it starts). */
runCli(async () => {
  const handle = await getDbHandle();
  console.log(`Migrations applied (${handle.driver}).`);
  await closeDb();
});
