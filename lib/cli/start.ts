import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { getSecrets, isDemoMode } from "@/lib/config/env";

/**
 * npm start — builds the portal if the build is missing or older than the sources, then serves it
 * on PORT (3000). The server migrates the database and, in demo mode, seeds it before it answers.
 * `--dev` runs the development server instead.
 */
const root = process.cwd();
const port = process.env.PORT ?? "3000";
const dev = process.argv.includes("--dev");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsCurrent(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  const sources = ["app", "lib", "db", "public"].filter((d) => existsSync(path.join(root, d)));
  const configs = ["next.config.ts", "package.json", "instrumentation.ts", "postcss.config.mjs"].filter((f) => existsSync(path.join(root, f)));
  return Math.max(...sources.map((d) => newestSource(path.join(root, d))), ...configs.map((f) => statSync(path.join(root, f)).mtimeMs)) < built;
}

// Demo mode keeps generated secrets under .data/; the server reads the same ones.
if (isDemoMode()) getSecrets();
const env = { ...process.env, PORT: port, NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`, NEXT_TELEMETRY_DISABLED: "1" };

if (!dev && !buildIsCurrent()) {
  console.log("Building TokenDesk (first start or changed sources)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

console.log(`TokenDesk on http://localhost:${port} — ${isDemoMode() ? "demo mode, embedded database (.data/)" : "PostgreSQL (DATABASE_URL)"}`);
const server = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "-p", port], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
