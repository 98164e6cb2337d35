import { eq } from "drizzle-orm";
import { z } from "zod";
import { MACHINE_NAME } from "@/lib/validation/identifiers";
import { text } from "@/lib/validation/text";
import type { Tx } from "@/db/client";
import { apiClients } from "@/db/schema";
import { generateApiKey, type NewApiKey } from "@/lib/auth/api-keys";
import { ActionError, defineAction } from "../types";

export const createApiClientInput = z.strictObject({
  name: text().trim().min(3).max(60).regex(MACHINE_NAME),
  rateLimitPerMinute: z.number().int().min(1).max(1_000_000).default(600),
});

/**
 * Registers a system that may call the token-service API. The key is in the result this once; only
 * its SHA-256 and public prefix are stored.
 */
async function insertApiClient(tx: Tx, input: z.output<typeof createApiClientInput>, now: Date, key: NewApiKey) {
  const [taken] = await tx.select({ id: apiClients.id }).from(apiClients).where(eq(apiClients.name, input.name)).limit(1);
  if (taken) throw new ActionError("conflict", "apiClients.errors.nameInUse", { name: "apiClients.errors.nameInUse" });
  const [row] = await tx
    .insert(apiClients)
    .values({ name: input.name, keyPrefix: key.prefix, keyHash: key.hash, rateLimitPerMinute: input.rateLimitPerMinute, createdAt: now })
    .returning({ id: apiClients.id });
  return {
    data: { clientId: row!.id, name: input.name, apiKey: key.key, keyPrefix: key.prefix },
    audit: { details: { clientId: row!.id, name: input.name, keyPrefix: key.prefix, rateLimitPerMinute: input.rateLimitPerMinute } },
  };
}

export const createApiClient = defineAction({
  name: "api_client.create", permission: "api_client.create", input: createApiClientInput, assurance: "none", subject: { kind: "api_client" },
  async run({ tx, now }, input) {
    return insertApiClient(tx, input, now, generateApiKey());
  },
});
