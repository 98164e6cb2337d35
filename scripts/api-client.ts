import { closeDb, getDb } from "@/db/client";
import { createApiClient } from "@/lib/actions/api-clients/create-api-client";
import { revokeApiClient } from "@/lib/actions/api-clients/revoke-api-client";
import { executeAction, type ExecuteOptions } from "@/lib/actions/execute";
import { argValue, describeRefusal, runCli } from "./run";

/** The command line's words for the action's fields, in refusals. */
const flags = { name: "<name>", rateLimitPerMinute: "--limit", reason: "--reason" };

/**
 * npm run api-client -- create <name> [--limit <calls per minute>]
 * npm run api-client -- revoke <name> --reason "<why>"
 * Registers or revokes a token-service API client as the CLI's system actor (audited). The new key
 * is printed once; only its SHA-256 is stored. On the embedded database stop the portal first.
 */
runCli(async () => {
  const [command, name] = process.argv.slice(2);
  if ((command !== "create" && command !== "revoke") || !name) {
    console.error('Usage: npm run api-client -- create <name> [--limit 600] | revoke <name> --reason "<why>"');
    return 1;
  }
  const options: ExecuteOptions = { db: await getDb(), actor: { type: "system", name: "api-client-cli" }, meta: { channel: "cli", locale: "en", requestId: "api-client-cli" } };
  try {
    if (command === "create") {
      const limit = argValue("--limit");
      const result = await executeAction(createApiClient, { name, ...(limit ? { rateLimitPerMinute: Number(limit) } : {}) }, options);
      if (!result.ok) {
        console.error(`Not created: ${describeRefusal(result, flags)}`);
        return 1;
      }
      console.log(`API client ${result.data.name} registered. Its key (shown this once; store it in the caller's secret store):`);
      console.log(result.data.apiKey);
      return 0;
    }
    const result = await executeAction(revokeApiClient, { name, reason: argValue("--reason") ?? "" }, options);
    if (!result.ok) {
      console.error(`Not revoked: ${describeRefusal(result, flags)}`);
      return 1;
    }
    console.log(`API client ${name} revoked; its key is refused from now on.`);
    return 0;
  } finally {
    await closeDb();
  }
});
