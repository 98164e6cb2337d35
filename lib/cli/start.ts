import { spawn } from "node:child_process";
import { getSecrets, isDemoMode } from "@/lib/config/env";
import { ensureBuild, nextBin } from "./build";

/**
 * npm start — builds the portal if the build is missing or older than the sources, then serves it
 * on PORT (3000). The server migrates the database and, in demo mode, seeds it before it answers.
 * `--dev` runs the development server instead.
 */
const port = process.env.PORT ?? "3000";
const dev = process.argv.includes("--dev");

// Demo mode keeps generated secrets under .data/; the server reads the same ones.
if (isDemoMode()) getSecrets();
const env = { ...process.env, PORT: port, NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`, NEXT_TELEMETRY_DISABLED: "1" };

if (!dev && !ensureBuild(env)) process.exit(1);

console.log(`TokenDesk on http://localhost:${port} — ${isDemoMode() ? "demo mode, embedded database (.data/)" : "PostgreSQL (DATABASE_URL)"}`);
const server = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "-p", port], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
