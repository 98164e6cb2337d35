import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = process.cwd();
export const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
/** The portal's server (Next behind a Node server that records each request's socket peer). */
export const serveScript = path.join(root, "lib", "server", "serve.mjs");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** True when .next holds a production build newer than every source and config file. */
export function buildIsCurrent(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  const sources = ["app", "lib", "db", "public"].filter((d) => existsSync(path.join(root, d)));
  const configs = ["next.config.ts", "package.json", "instrumentation.ts", "postcss.config.mjs", "proxy.ts"].filter((f) => existsSync(path.join(root, f)));
  return Math.max(...sources.map((d) => newestSource(path.join(root, d))), ...configs.map((f) => statSync(path.join(root, f)).mtimeMs)) < built;
}

/** Builds the portal once when the build is missing or stale; returns false if the build failed. */
export function ensureBuild(env: NodeJS.ProcessEnv): boolean {
  if (buildIsCurrent()) return true;
  console.log("Building TokenDesk (first start or changed sources)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...env, NEXT_TELEMETRY_DISABLED: "1" } });
  return build.status === 0;
}
