import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DatabaseConfig } from "@/db/client";
import { freshPostgres, prepareBenchData, type BenchToken } from "@/scripts/bench/verify-setup";
import { totpAt } from "@/lib/otp/totp";
import { TOKEN_TOTP } from "@/lib/tokens/policy";
import { ensureBuild, serveScript } from "./build";
import { argValue, runCli } from "./run";

/**
 * npm run bench:verify [-- --tokens 150 --per-token 9 --concurrency 8 --port 3440]
 * Throughput of POST /api/token-service/v1/verify (pipeline, row lock, audit event) against the
 * built portal, beside GET /api/health in the same run. Uses a fresh database: PostgreSQL when
 * DATABASE_URL is set (a new database beside it, dropped afterwards), otherwise PGlite in a temp dir.
 * Each token gets at most 9 calls (1 accepted, the rest replays) so that none reaches the lock.
 */
const tokenCount = Number(argValue("--tokens") ?? 150);
const perToken = Math.min(9, Number(argValue("--per-token") ?? 9));
const concurrency = Number(argValue("--concurrency") ?? 8);
const port = argValue("--port") ?? "3440";
const base = `http://127.0.0.1:${port}`;

interface Stats {
  label: string;
  requests: number;
  seconds: number;
  p50: number;
  p95: number;
  statuses: Record<string, number>;
}

async function load(label: string, jobs: Array<() => Promise<string>>): Promise<Stats> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const t0 = performance.now();
        const outcome = await job();
        latencies.push(performance.now() - t0);
        statuses[outcome] = (statuses[outcome] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { label, requests: jobs.length, seconds, p50: pct(0.5), p95: pct(0.95), statuses };
}

function verifyJob(apiKey: string, token: BenchToken): () => Promise<string> {
  return async () => {
    const otp = totpAt(token.secret, new Date(), TOKEN_TOTP);
    const response = await fetch(`${base}/api/token-service/v1/verify`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ serviceId: token.serviceId, userId: token.userId, otp }),
    });
    const body = (await response.json()) as { result?: string; reason?: string; error?: { code?: string } };
    return response.status === 200 ? `${body.result}${body.reason ? `:${body.reason}` : ""}` : `http ${response.status} ${body.error?.code ?? ""}`;
  };
}

function healthJob(): () => Promise<string> {
  return async () => {
    const response = await fetch(`${base}/api/health`);
    await response.arrayBuffer();
    return `http ${response.status}`;
  };
}

async function waitReady(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the portal did not become ready");
}

runCli(async () => {
  const home = mkdtempSync(path.join(tmpdir(), "tokendesk-bench-"));
  const secrets = { NEXTAUTH_SECRET: randomBytes(32).toString("base64url"), TOKENDESK_ENCRYPTION_KEY: randomBytes(32).toString("base64"), TOKENDESK_AUDIT_SIGNING_KEY: randomBytes(32).toString("base64") };
  Object.assign(process.env, secrets, { TOKENDESK_HOME: home, TOKENDESK_DEMO: "0" });
  const pg = process.env.DATABASE_URL ? await freshPostgres(process.env.DATABASE_URL) : null;
  const config: DatabaseConfig = pg ? { driver: "postgres", url: pg.url } : { driver: "pglite", dataDir: path.join(home, "pglite") };
  const env = { ...process.env, ...(pg ? { DATABASE_URL: pg.url } : {}), PORT: port, NODE_ENV: "production" as const, NEXT_TELEMETRY_DISABLED: "1" };
  if (!ensureBuild(env)) return 1;

  if (await fetch(`${base}/api/health`).then(() => true, () => false)) {
    console.error(`Port ${port} is already serving: stop that server or pass --port.`);
    return 1;
  }
  console.log(`Preparing ${tokenCount} activated tokens on ${config.driver}…`);
  const { apiKey, tokens } = await prepareBenchData(config, tokenCount);
  const server = spawn(process.execPath, [serveScript], { env, stdio: ["ignore", "ignore", "inherit"] });
  try {
    await waitReady();
    // Warm-up: both routes compiled paths and connections, not measured.
    await load("warm-up", Array.from({ length: 50 }, healthJob));
    const verifyJobs: Array<() => Promise<string>> = [];
    for (let round = 0; round < perToken; round++) for (const token of tokens) verifyJobs.push(verifyJob(apiKey, token));
    const bare = await load("GET /api/health", Array.from({ length: verifyJobs.length }, healthJob));
    const verify = await load("POST verify", verifyJobs);
    const rows = [bare, verify];
    console.log(`\n${config.driver}, concurrency ${concurrency}, ${verifyJobs.length} requests per route`);
    console.log("route               req/s     p50 ms   p95 ms   outcomes");
    for (const s of rows) {
      console.log(`${s.label.padEnd(18)} ${(s.requests / s.seconds).toFixed(0).padStart(6)}  ${s.p50.toFixed(1).padStart(8)} ${s.p95.toFixed(1).padStart(8)}   ${JSON.stringify(s.statuses)}`);
    }
    const ratio = bare.requests / bare.seconds / (verify.requests / verify.seconds);
    console.log(`verify costs ${ratio.toFixed(1)}× the bare route's time per request (throughput ratio health/verify).`);
    return Object.keys(verify.statuses).some((k) => k.startsWith("http")) ? 1 : 0;
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    await pg?.drop();
    rmSync(home, { recursive: true, force: true });
  }
});
