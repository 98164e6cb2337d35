import { spawn } from "node:child_process";
import { configFromEnv, openDatabase, type RoleSetup } from "@/db/client";
import { describeDatabase, SINGLE_ROLE_WARNING } from "@/lib/config/database";
import { parseTrustedProxies } from "@/lib/auth/client-address";
import { getSecrets, isDemoMode } from "@/lib/config/env";
import { assertDemoDatabase } from "@/lib/demo/guard";
import { listenHost } from "@/lib/server/listen-host.mjs";
import { ensureBuild, serveScript } from "./build";
import { runCli } from "./run";

/**
 * npm start — builds the portal if the build is missing or older than the sources, then serves it
 * on PORT (3000). On PostgreSQL this launcher migrates first (as MIGRATION_DATABASE_URL's owner
 * role when set, granting DATABASE_URL's role its rights) and hands the server only DATABASE_URL:
 * the owner's credentials never live in the serving process. On the embedded database the server
 * migrates and, in demo mode, seeds before it answers. Demo mode refuses a PostgreSQL database
 * holding real staff or customers, and listens on loopback only unless HOST says otherwise.
 * `--dev` runs the development server instead.
 */
const port = process.env.PORT ?? "3000";
const dev = process.argv.includes("--dev");

runCli(async () => {
  // Before a build of minutes, not after: a missing secret or a mistyped setting ends the start
  // here with one line per setting. Demo mode keeps generated secrets under .data/; the server
  // reads the same ones.
  getSecrets();
  parseTrustedProxies(process.env.TOKENDESK_TRUSTED_PROXIES);
  const serverEnv = { ...process.env };
  delete serverEnv.MIGRATION_DATABASE_URL;
  const env = { ...serverEnv, PORT: port, NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`, NEXT_TELEMETRY_DISABLED: "1" };

  if (!dev && !ensureBuild(env)) return 1;

  let roles: RoleSetup = "embedded";
  const config = configFromEnv();
  if (config.driver === "postgres") {
    const handle = await openDatabase(config);
    roles = handle.roles;
    try {
      if (isDemoMode()) await assertDemoDatabase(handle);
    } finally {
      await handle.close();
    }
  }
  const host = listenHost(env);
  const reach = host ? `listening on ${host}${isDemoMode() && !process.env.HOST ? " only (HOST=0.0.0.0 to open it to other machines)" : ""}` : "listening on every interface";
  console.log(`TokenDesk on http://localhost:${port} (${reach}) — ${isDemoMode() ? "demo mode, " : ""}${describeDatabase()}`);
  if (roles === "single") console.warn(`\n  ${SINGLE_ROLE_WARNING}\n`);
  const server = spawn(process.execPath, [serveScript, ...(dev ? ["--dev"] : [])], { stdio: "inherit", env });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  return new Promise<number>((resolve) => server.on("exit", (code) => resolve(code ?? 0)));
});
