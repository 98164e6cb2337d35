import { eq } from "drizzle-orm";
import { z } from "zod";
import { text } from "@/lib/validation/text";
import { apiClients } from "@/db/schema";
import { ActionError, defineAction } from "../types";

export const revokeApiClientInput = z.strictObject({ name: text().trim().min(1).max(60), reason: text().trim().min(3).max(500) });

/** Revokes an API client's key at once: its next call is refused as unauthenticated. */
export const revokeApiClient = defineAction({
  name: "api_client.revoke", permission: "api_client.revoke", input: revokeApiClientInput, assurance: "none", subject: { kind: "api_client" },
  async run({ tx, now }, input) {
    const [client] = await tx.select().from(apiClients).where(eq(apiClients.name, input.name)).limit(1).for("update");
    if (!client) throw new ActionError("not_found", "apiClients.errors.notFound");
    if (client.revokedAt) throw new ActionError("conflict", "apiClients.errors.alreadyRevoked");
    await tx.update(apiClients).set({ revokedAt: now }).where(eq(apiClients.id, client.id));
    return { data: { clientId: client.id }, audit: { reason: input.reason, details: { clientId: client.id, name: client.name, keyPrefix: client.keyPrefix } } };
  },
});
