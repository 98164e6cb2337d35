import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers } from "@/db/schema";
import { demoCustomers, type DemoCustomer } from "@/db/seed/demo-data";
import { systemClock } from "@/lib/time/clock";
import { createClient } from "@/tests/fixtures/api-clients";
import { issue, type Issued } from "@/tests/fixtures/tokens";
import type { E2eCanaryToken, E2eToken } from "./env";

/** A demo customer no other spec touches (desk.spec uses 0, 2 and the blocked one, 7). */
export const TOKEN_DEMO_INDEX = 11;

/** Another demo customer, only for the canary spec: its token and API key are secrets to hunt for. */
export const CANARY_DEMO_INDEX = 12;

/**
 * A pending token for the seeded demo customer at `index` and an API client of its own, both
 * through the action pipeline as the system actor, exactly as `npm run token:issue` and
 * `npm run api-client -- create` do. Made before the portal starts (one process per PGlite
 * directory).
 */
async function demoToken(db: Db, index: number, clientName: string): Promise<{ demo: DemoCustomer; token: Issued; apiKey: string }> {
  const demo = demoCustomers(index + 1)[index]!;
  const [customer] = await db.select({ id: customers.id }).from(customers).where(eq(customers.contractId, demo.contractId)).limit(1);
  if (!customer) throw new Error(`e2e token: no demo customer ${demo.contractId}`);
  // The seeded customer keeps its own tokens; the e2e token is for the one service it has none for.
  const token = await issue(db, systemClock, customer.id, "10112905");
  return { demo, token, apiKey: await createClient(db, systemClock, clientName) };
}

/** The token the feature specs activate and verify with the token simulator. */
export async function issueE2eToken(db: Db): Promise<Omit<E2eToken, "portalHome">> {
  const { demo, token: t, apiKey } = await demoToken(db, TOKEN_DEMO_INDEX, "e2e-token-sim");
  return { contractId: demo.contractId, nameKanji: demo.nameKanji, nameKana: demo.nameKana, serviceId: t.serviceId, userId: t.userId, serial: t.serial, activationPassword: t.activationPassword, apiKey };
}

/** A token and its own API client for attack-canaries.spec.ts. */
export async function issueCanaryToken(db: Db): Promise<E2eCanaryToken> {
  const { demo, token: t, apiKey } = await demoToken(db, CANARY_DEMO_INDEX, "e2e-canary-app");
  return { contractId: demo.contractId, nameKanji: demo.nameKanji, serviceId: t.serviceId, userId: t.userId, serial: t.serial, activationPassword: t.activationPassword, apiKey };
}
