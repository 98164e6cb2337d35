import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "@/db/client";
import { createApiClient } from "@/lib/actions/api-clients/create-api-client";
import { executeAction } from "@/lib/actions/execute";
import { findApiClientByKey } from "@/lib/auth/api-keys";
import { dataHome } from "@/lib/config/env";
import type { Clock } from "@/lib/time/clock";

/** Where demo mode keeps the demo API client's key (like demo-secrets.json: local, 0600). */
export function demoApiKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataHome(env), "demo-api-key.json");
}

export function readDemoApiKey(env: NodeJS.ProcessEnv = process.env): string | null {
  try {
    const parsed = JSON.parse(readFileSync(demoApiKeyFile(env), "utf8")) as { apiKey?: unknown };
    return typeof parsed.apiKey === "string" ? parsed.apiKey : null;
  } catch {
    return null;
  }
}

/**
 * Demo mode only: makes sure a live demo API client exists and its key is in .data/ so the app
 * simulator (npm run token-sim) can call the token-service API. Registered through the pipeline as
 * the system actor like any other client; a lost key file means a new client.
 */
export async function ensureDemoApiClient(db: Db, clock?: Clock): Promise<{ created: boolean; name: string | null; apiKey: string }> {
  const existing = readDemoApiKey();
  if (existing && (await findApiClientByKey(db, existing))) return { created: false, name: null, apiKey: existing };
  const now = (clock?.now() ?? new Date()).toISOString().replace(/\D/g, "").slice(0, 14);
  const name = `demo-app-${now}`;
  const result = await executeAction(createApiClient, { name, rateLimitPerMinute: 600 }, {
    db,
    clock,
    actor: { type: "system", name: "demo-seed" },
    meta: { channel: "cli", locale: "ja", requestId: "demo-api-client" },
  });
  if (!result.ok) throw new Error(`demo API client: ${result.code}`);
  const file = demoApiKeyFile();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ name, apiKey: result.data.apiKey }), { mode: 0o600 });
  return { created: true, name, apiKey: result.data.apiKey };
}
