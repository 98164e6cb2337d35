import { and, asc, eq, exists, gt, not, notInArray } from "drizzle-orm";
import { closeDb, getDb, type Db } from "@/db/client";
import { customers, tokens } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { issueTokenAction } from "@/lib/actions/tokens/issue-token";
import { demoModeOffHint, isDemoMode } from "@/lib/config/env";
import { createTranslator } from "@/lib/i18n/translate";
import { formatJst } from "@/lib/time/format";
import { serviceAwaitingApproval } from "@/lib/tokens/awaiting-approval";
import { newTokenFrom } from "@/lib/tokens/desk-rules";
import { isKnownService, serviceIds } from "@/lib/tokens/policy";
import { replaceReasons, type ReplaceReason } from "@/lib/tokens/replace-reasons";
import { argValue, describeRefusal, runCli } from "./run";

/**
 * npm run token:issue [-- --contract <契約者ID>] [-- --service <サービスID>] [-- --user <ユーザID>]
 *                     [-- --replace --reason lost|stolen|device_changed|app_deleted]
 * Issues a token for a demo customer as the CLI's system actor (through the pipeline, audited) and
 * prints its activation password once — for demos and browser tests. Demo mode only; on the
 * embedded database stop the portal first (one process per database).
 * Without --contract it picks the first customer (by contract ID) the desk's rules let it issue
 * to, so it works right after db:seed and again on every run. Like the desk, it refuses while the
 * customer has a live token for the service, unless it is a replacement with a reason: then that
 * token is revoked in the same transaction and linked. A refusal says why in one line and names a
 * customer who can get one.
 */
const t = createTranslator("en");
const REPLACE_HINT = `--replace --reason ${replaceReasons.join("|")}`;
/** How far down the contract list the default choice looks; the demo has a few hundred at most. */
const CANDIDATES = 200;

type Customer = { id: string; contractId: string; name: string };

const who = (c: Customer) => `${c.name} (contract ${c.contractId})`;

function liveFor(serviceId: string, now: Date) {
  return and(eq(tokens.customerId, customers.id), eq(tokens.serviceId, serviceId), notInArray(tokens.status, ["revoked", "expired"]), gt(tokens.expiresAt, now));
}

/**
 * Why the desk's rules (lib/tokens/issue-at-desk.ts, which the action applies again under lock)
 * refuse this customer a new token for the service — or, for a replacement, refuse to replace
 * theirs; null when nothing stands in the way.
 */
async function whyNot(db: Db, customer: Customer, serviceId: string, now: Date, replace: boolean): Promise<string | null> {
  const cancelled = await db
    .select({ revokedAt: tokens.revokedAt })
    .from(tokens)
    .where(and(eq(tokens.customerId, customer.id), eq(tokens.revokeReason, "cancelled")));
  const from = newTokenFrom(cancelled.flatMap((row) => (row.revokedAt ? [row.revokedAt] : [])), now);
  if (from) return `${who(customer)} had a token cancelled (利用解除): a new one can be issued from ${formatJst(from)}.`;
  const held = await serviceAwaitingApproval(db, customer.id, serviceId, now);
  if (held) return `${who(customer)} has token ${held.serial} of service ${serviceId} awaiting a supervisor's decision on its replacement (承認待ち): nothing is issued beside it.`;
  const [live] = await db.select({ serial: tokens.serial, status: tokens.status }).from(tokens).innerJoin(customers, eq(customers.id, tokens.customerId)).where(and(eq(customers.id, customer.id), liveFor(serviceId, now))).limit(1);
  if (live && !replace) return `${who(customer)} has a live token for service ${serviceId} (serial ${live.serial}, ${t(`customers.tokenStatus.${live.status}`)}); to replace it: ${REPLACE_HINT}.`;
  if (!live && replace) return `${who(customer)} has no live token for service ${serviceId} to replace.`;
  return null;
}

/** The first customer by contract ID who may get a token (or, replacing, whose token may be replaced). */
async function firstEligible(db: Db, serviceId: string, now: Date, replace: boolean, except?: string): Promise<Customer | null> {
  const hasLive = exists(db.select({ id: tokens.id }).from(tokens).where(liveFor(serviceId, now)));
  const candidates = await db
    .select({ id: customers.id, contractId: customers.contractId, name: customers.nameKanji })
    .from(customers)
    .where(replace ? hasLive : not(hasLive))
    .orderBy(asc(customers.contractId))
    .limit(CANDIDATES);
  for (const candidate of candidates) {
    if (candidate.id !== except && !(await whyNot(db, candidate, serviceId, now, replace))) return candidate;
  }
  return null;
}

runCli(async () => {
  if (!isDemoMode()) {
    console.error(`token:issue is for demo mode only (outside it, tokens are issued at the desk): ${demoModeOffHint()}.`);
    return 1;
  }
  const serviceId = argValue("--service") ?? serviceIds[0];
  if (!isKnownService(serviceId)) {
    console.error(`Unknown service ID ${serviceId}: the services are ${serviceIds.join(", ")} (default ${serviceIds[0]}, personal internet banking).`);
    return 1;
  }
  const replace = process.argv.includes("--replace");
  const reason = argValue("--reason");
  if (replace && (!reason || !(replaceReasons as readonly string[]).includes(reason))) {
    console.error(`--replace needs ${REPLACE_HINT}`);
    return 1;
  }
  const contractId = argValue("--contract");
  const db = await getDb();
  try {
    const now = new Date();
    let customer: Customer | null;
    if (contractId) {
      [customer = null] = await db
        .select({ id: customers.id, contractId: customers.contractId, name: customers.nameKanji })
        .from(customers)
        .where(eq(customers.contractId, contractId))
        .limit(1);
      if (!customer) {
        const other = await firstEligible(db, serviceId, now, replace);
        console.error(`No customer with contract ID ${contractId}.${other ? ` ${who(other)} can: npm run token:issue -- --contract ${other.contractId}` : ""}`);
        return 1;
      }
      const why = await whyNot(db, customer, serviceId, now, replace);
      if (why) {
        console.error(`Not issued: ${why}`);
        const other = await firstEligible(db, serviceId, now, replace, customer.id);
        const args = `--contract ${other?.contractId}${serviceId === serviceIds[0] ? "" : ` --service ${serviceId}`}${replace ? ` --replace --reason ${reason}` : ""}`;
        console.error(other ? `${who(other)} can: npm run token:issue -- ${args}` : `No other customer can ${replace ? "have a token replaced" : "get a token"} for service ${serviceId} now.`);
        return 1;
      }
    } else {
      customer = await firstEligible(db, serviceId, now, replace);
      if (!customer) {
        const [any] = await db.select({ id: customers.id }).from(customers).limit(1);
        console.error(
          !any
            ? "No customers: run npm run db:seed first."
            : replace
              ? `No customer has a live token for service ${serviceId} that may be replaced now.`
              : `Every customer already has a live token for service ${serviceId} (or may not get a new one today): name one with --contract <契約者ID> and ${REPLACE_HINT}, or start over with npm run db:seed -- --reset.`,
        );
        return 1;
      }
    }

    const [live] = replace ? await db.select({ id: tokens.id, serial: tokens.serial }).from(tokens).innerJoin(customers, eq(customers.id, tokens.customerId)).where(and(eq(customers.id, customer.id), liveFor(serviceId, now))).limit(1) : [];
    const userId = argValue("--user");
    const input = {
      customerId: customer.id,
      serviceId,
      ...(userId ? { userId } : {}),
      ...(live ? { replacesTokenId: live.id, replaceReason: reason as ReplaceReason } : {}),
    };
    const result = await executeAction(issueTokenAction, input, { db, actor: { type: "system", name: "token-issue-cli" }, meta: { channel: "cli", locale: "en", requestId: "token-issue-cli" } });
    if (!result.ok) {
      console.error(`Not issued: ${describeRefusal(result, { userId: "--user", serviceId: "--service", replaceReason: "--reason" })}`);
      return 1;
    }
    const issued = result.data;
    // The system actor verifies no caller, so the password comes back here (the back office prints it).
    if (!issued.activationPassword) return 1;
    console.log(`Issued a token for ${who(customer)}${live ? `, replacing serial ${live.serial} (revoked: ${reason})` : ""}:`);
    console.log(`  service ID           ${issued.serviceId}`);
    console.log(`  user ID              ${issued.userId}`);
    console.log(`  serial number        ${issued.serial}`);
    console.log(`  activation password  ${issued.activationPassword}   (shown once; valid until ${formatJst(issued.activationDeadline)})`);
    console.log(`Activate it in the app simulator (portal running):`);
    console.log(`  npm run token-sim -- activate --service ${issued.serviceId} --user ${issued.userId} --password ${issued.activationPassword}`);
    return 0;
  } finally {
    await closeDb();
  }
});
