import { and, asc, eq, gt, notInArray } from "drizzle-orm";
import { closeDb, getDb } from "@/db/client";
import { customers, tokens } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { issueTokenAction } from "@/lib/actions/tokens/issue-token";
import { isDemoMode } from "@/lib/config/env";
import { formatJst } from "@/lib/time/format";
import { serviceIds } from "@/lib/tokens/policy";
import { replaceReasons, type ReplaceReason } from "@/lib/tokens/replace-reasons";
import { argValue, runCli } from "./run";

/**
 * npm run token:issue [-- --contract <契約者ID>] [-- --service <サービスID>] [-- --user <ユーザID>]
 *                     [-- --replace --reason lost|stolen|device_changed|app_deleted]
 * Issues a token for a demo customer as the CLI's system actor (through the pipeline, audited) and
 * prints its activation password once — for demos and browser tests. Demo mode only; on the
 * embedded database stop the portal first (one process per database).
 * Like the desk, it refuses while the customer has a live token for the service, unless it is a
 * replacement with a reason: then that token is revoked in the same transaction and linked.
 */
runCli(async () => {
  if (!isDemoMode()) {
    console.error("token:issue is for demo mode only (tokens are issued at the desk). Set TOKENDESK_DEMO=1 for a PostgreSQL demo database.");
    return 1;
  }
  const db = await getDb();
  const contractId = argValue("--contract");
  const [customer] = await db
    .select({ id: customers.id, contractId: customers.contractId, name: customers.nameKanji })
    .from(customers)
    .where(contractId ? eq(customers.contractId, contractId) : undefined)
    .orderBy(asc(customers.contractId))
    .limit(1);
  if (!customer) {
    console.error(contractId ? `No customer with contract ID ${contractId}.` : "No customers: run npm run db:seed first.");
    await closeDb();
    return 1;
  }
  const serviceId = argValue("--service") ?? serviceIds[0];
  const [live] = await db
    .select({ id: tokens.id, serial: tokens.serial })
    .from(tokens)
    .where(and(eq(tokens.customerId, customer.id), eq(tokens.serviceId, serviceId), notInArray(tokens.status, ["revoked", "expired"]), gt(tokens.expiresAt, new Date())))
    .limit(1);
  const replace = process.argv.includes("--replace");
  const reason = argValue("--reason");
  if (replace && (!live || !reason || !(replaceReasons as readonly string[]).includes(reason))) {
    console.error(!live ? "Nothing to replace: no live token for this service." : `--replace needs --reason ${replaceReasons.join("|")}`);
    await closeDb();
    return 1;
  }
  const input = {
    customerId: customer.id,
    serviceId,
    ...(argValue("--user") ? { userId: argValue("--user") } : {}),
    ...(replace && live ? { replacesTokenId: live.id, replaceReason: reason as ReplaceReason } : {}),
  };
  const result = await executeAction(issueTokenAction, input, { db, actor: { type: "system", name: "token-issue-cli" }, meta: { channel: "cli", locale: "en", requestId: "token-issue-cli" } });
  await closeDb();
  if (!result.ok) {
    console.error(`Not issued: ${result.message}${result.fieldErrors ? ` ${JSON.stringify(result.fieldErrors)}` : ""}`);
    // The action refuses a second live token for the service, here as at the desk: say how to replace it.
    if (live && !replace) console.error(`${customer.name} has a live token for service ${serviceId} (serial ${live.serial}). To replace it: --replace --reason ${replaceReasons.join("|")}`);
    return 1;
  }
  const t = result.data;
  // The system actor verifies no caller, so the password comes back here (the back office prints it).
  if (!t.activationPassword) return 1;
  console.log(`Issued a token for ${customer.name} (contract ${customer.contractId}):`);
  console.log(`  service ID           ${t.serviceId}`);
  console.log(`  user ID              ${t.userId}`);
  console.log(`  serial number        ${t.serial}`);
  console.log(`  activation password  ${t.activationPassword}   (shown once; valid until ${formatJst(t.activationDeadline)})`);
  console.log(`Activate it in the app simulator (portal running):`);
  console.log(`  npm run token-sim -- activate --service ${t.serviceId} --user ${t.userId} --password ${t.activationPassword}`);
});
