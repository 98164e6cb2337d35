import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDatabase, type DatabaseConfig } from "@/db/client";
import { ensureLoginRole } from "@/db/roles";
import { TEST_RUNTIME_ROLE } from "@/tests/fixtures/db";
import { seedDemo } from "@/db/seed/seed";
import { accountDemand, createAccountPool, resetClaims } from "@/tests/fixtures/e2e-accounts";
import { E2E_ACCOUNTS_FILE, E2E_CLAIMS_DIR, E2E_PASSWORD, E2E_SERVER_FILE, E2E_SERVER_LOG, E2E_TOKEN_FILE, e2eEnv, type E2eServer } from "./env";
import { issueCanaryToken, issueE2eToken } from "./token-setup";

/**
 * Gives the browser tests their own database (a fresh PostgreSQL database when DATABASE_URL is
 * set, else a PGlite directory in a temp folder), seeds it through the action pipeline, enrols
 * the staff pool the specs ask for, then starts the built portal on it. Nothing here touches
 * the demo data in .data/.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  Object.assign(process.env, e2eEnv);
  let config: DatabaseConfig;
  let serverEnv: Record<string, string>;
  let dropDatabase: (() => Promise<void>) | null = null;
  // The portal's data home either way: in demo mode it writes its demo API key there, which must
  // not overwrite the developer's .data/demo-api-key.json when the tests run on PostgreSQL.
  const home = mkdtempSync(path.join(os.tmpdir(), "tokendesk-e2e-"));
  if (process.env.DATABASE_URL) {
    // As in production: migrated by the owner (DATABASE_URL's role), served by the runtime role,
    // so the whole browser suite proves the runtime grants suffice.
    const name = `td_e2e_${Date.now()}`;
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await ensureLoginRole(admin, TEST_RUNTIME_ROLE, null);
    const ownerUrl = new URL(process.env.DATABASE_URL);
    ownerUrl.pathname = `/${name}`;
    const runtimeUrl = new URL(ownerUrl);
    runtimeUrl.username = TEST_RUNTIME_ROLE;
    runtimeUrl.password = "";
    config = { driver: "postgres", url: runtimeUrl.toString(), migrationUrl: ownerUrl.toString(), max: 2 };
    serverEnv = { DATABASE_URL: runtimeUrl.toString(), TOKENDESK_HOME: home };
    dropDatabase = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  } else {
    config = { driver: "pglite", dataDir: path.join(home, "pglite") };
    serverEnv = { TOKENDESK_HOME: home };
  }

  const handle = await openDatabase(config);
  await seedDemo(handle.db, { customers: 40 });
  const accounts = await createAccountPool(handle.db, accountDemand(path.join(process.cwd(), "tests", "e2e")), E2E_PASSWORD);
  const token = { ...(await issueE2eToken(handle.db)), portalHome: home };
  const canaryToken = await issueCanaryToken(handle.db);
  await handle.close();
  mkdirSync(path.dirname(E2E_ACCOUNTS_FILE), { recursive: true });
  writeFileSync(E2E_ACCOUNTS_FILE, JSON.stringify(accounts));
  resetClaims(E2E_CLAIMS_DIR);
  writeFileSync(E2E_TOKEN_FILE, JSON.stringify(token), { mode: 0o600 });

  const logFile = E2E_SERVER_LOG;
  const serverInfo: E2eServer = { databaseUrl: config.driver === "postgres" ? config.url : null, logFile, canaryToken };
  writeFileSync(E2E_SERVER_FILE, JSON.stringify(serverInfo), { mode: 0o600 });
  const server = await startServer({ ...e2eEnv, ...serverEnv });
  return async () => {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    await dropDatabase?.();
    rmSync(home, { recursive: true, force: true });
  };
}

/** Starts the built portal; its output goes to the terminal and to E2E_SERVER_LOG (the canaries read it). */
async function startServer(env: Record<string, string>): Promise<ChildProcess> {
  const port = process.env.E2E_PORT ?? "3210";
  const serveScript = path.join(process.cwd(), "lib", "server", "serve.mjs");
  const base = { ...process.env };
  // The server gets the runtime role only, never the owner's URL.
  delete base.MIGRATION_DATABASE_URL;
  const server = spawn(process.execPath, [serveScript], {
    env: { ...base, ...env, PORT: port, NEXTAUTH_URL: `http://localhost:${port}`, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Shown as before, and kept in a file so tests can prove what never reaches the server's log.
  writeFileSync(E2E_SERVER_LOG, "");
  const log = createWriteStream(E2E_SERVER_LOG, { flags: "a" });
  server.stdout?.on("data", (chunk: Buffer) => void (process.stdout.write(chunk), log.write(chunk)));
  server.stderr?.on("data", (chunk: Buffer) => void (process.stderr.write(chunk), log.write(chunk)));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`portal exited with ${server.exitCode} (is it built? run npm test or next build)`);
    try {
      const response = await fetch(`http://localhost:${port}/api/health`);
      if (response.ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  server.kill("SIGTERM");
  throw new Error("portal did not become ready within 90 s");
}
