import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers } from "@/db/schema";
import { demoCustomers } from "@/db/seed/demo-data";
import { createApiClient } from "@/lib/actions/api-clients/create-api-client";
import { executeAction, type ExecuteOptions } from "@/lib/actions/execute";
import { issueTokenAction } from "@/lib/actions/tokens/issue-token";
import type { E2eCanaryToken, E2eToken } from "./env";

/** A demo customer no other spec touches (desk.spec uses 0, 2 and the blocked one, 7). */
export const TOKEN_DEMO_INDEX = 11;

/**
 * Issue 4's starting point, made before the portal starts (one process per PGlite directory): a
 * pending token for a demo customer and an API client, both through the action pipeline as the
 * system actor, exactly as `npm run token:issue` and `npm run api-client -- create` do.
 */
export async function issueE2eToken(db: Db): Promise<Omit<E2eToken, "portalHome">> {
  const options: ExecuteOptions = { db, actor: { type: "system", name: "e2e-setup" }, meta: { channel: "cli", locale: "en", requestId: "e2e-setup" } };
  const demo = demoCustomers(TOKEN_DEMO_INDEX + 1)[TOKEN_DEMO_INDEX]!;
  const [customer] = await db.select({ id: customers.id }).from(customers).where(eq(customers.contractId, demo.contractId)).limit(1);
  if (!customer) throw new Error(`e2e token: no demo customer ${demo.contractId}`);
  const issued = await executeAction(issueTokenAction, { customerId: customer.id, serviceId: "10112890" }, options);
  if (!issued.ok || !issued.data.ok) throw new Error(`e2e token issue: ${JSON.stringify(issued)}`);
  const client = await executeAction(createApiClient, { name: "e2e-token-sim" }, options);
  if (!client.ok) throw new Error(`e2e api client: ${client.code}`);
  const t = issued.data;
  return {
    contractId: demo.contractId,
    nameKanji: demo.nameKanji,
    nameKana: demo.nameKana,
    serviceId: t.serviceId,
    userId: t.userId,
    serial: t.serial,
    activationPassword: t.activationPassword,
    apiKey: client.data.apiKey,
  };
}

/** Another demo customer, only for the canary spec: its token and API key are secrets to hunt for. */
export const CANARY_DEMO_INDEX = 12;

/** A pending token and its own API client, made like the one above, for attack-canaries.spec.ts. */
export async function issueCanaryToken(db: Db): Promise<E2eCanaryToken> {
  const options: ExecuteOptions = { db, actor: { type: "system", name: "e2e-setup" }, meta: { channel: "cli", locale: "en", requestId: "e2e-setup" } };
  const demo = demoCustomers(CANARY_DEMO_INDEX + 1)[CANARY_DEMO_INDEX]!;
  const [customer] = await db.select({ id: customers.id }).from(customers).where(eq(customers.contractId, demo.contractId)).limit(1);
  if (!customer) throw new Error(`e2e canary: no demo customer ${demo.contractId}`);
  const issued = await executeAction(issueTokenAction, { customerId: customer.id, serviceId: "10112890" }, options);
  if (!issued.ok || !issued.data.ok) throw new Error(`e2e canary issue: ${JSON.stringify(issued)}`);
  const client = await executeAction(createApiClient, { name: "e2e-canary-app" }, options);
  if (!client.ok) throw new Error(`e2e canary api client: ${client.code}`);
  const t = issued.data;
  return { contractId: demo.contractId, nameKanji: demo.nameKanji, serviceId: t.serviceId, userId: t.userId, serial: t.serial, activationPassword: t.activationPassword, apiKey: client.data.apiKey };
}
