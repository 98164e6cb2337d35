import { spawnSync } from "node:child_process";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, type Db } from "@/db/client";
import { sealAll } from "@/lib/audit/sequencer";
import { verifyAuditChain } from "@/lib/audit/verify";
import { startSequencer } from "@/lib/audit/worker";
import { BENCH_TABLES_SQL, bulkEvents, lockedChainAppend, plainInsert, runLoad, sequencedAppend, type LoadResult } from "@/scripts/bench/audit-load";
import { argValue, benchDatabase, runCli } from "./run";

/**
 * npm run bench:audit [-- --seconds 5 --events 1000000 --skip-http]
 * npm run bench:audit -- --only verify [--reuse] [--repeat 3]: part (e) alone; --reuse keeps a
 * bench database whose chain already holds --events events, --repeat verifies that many times.
 * On its own PostgreSQL database (BENCH_DATABASE_URL, default tokendesk_bench_audit, recreated):
 * (a) plain INSERT, (b) the old locked-chain append, (c) the new append with the sequencer running,
 * each at 8 and 32 clients; (d) verify API beside /api/health (bench:verify against the built
 * portal); (e) chain verification at 1M events; (f) sealing lag p95 under (c). Prints the ratios.
 */
const benchUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/tokendesk_bench_audit";
const seconds = Number(argValue("--seconds") ?? 5);
const eventCount = Number(argValue("--events") ?? 1_000_000);

async function recreate(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name ${name}`);
  u.pathname = "/postgres";
  const admin = postgres(u.toString(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
}

const fmt = (r: LoadResult) => `${r.perSecond.toFixed(0).padStart(7)} tx/s   p95 ${r.p95ms.toFixed(1).padStart(6)} ms`;
const pct = (x: number, floor: number) => `${((100 * x) / floor).toFixed(0)} %`;

async function lagP95(db: Db, fromId: number): Promise<{ p95: number; max: number; n: number }> {
  const rows = (await db.execute(sql`select percentile_cont(0.95) within group (order by extract(epoch from c.sealed_at - e.occurred_at) * 1000) as p95,
      max(extract(epoch from c.sealed_at - e.occurred_at) * 1000) as max, count(*) as n
    from audit_chain c join audit_events e on e.id = c.event_id where e.id > ${fromId}`)) as unknown as Array<{ p95: number; max: string; n: string }>;
  return { p95: Number(rows[0]?.p95 ?? 0), max: Number(rows[0]?.max ?? 0), n: Number(rows[0]?.n ?? 0) };
}

async function maxId(db: Db): Promise<number> {
  const rows = (await db.execute(sql`select coalesce(max(id), 0) as id from audit_events`)) as unknown as Array<{ id: string }>;
  return Number(rows[0]?.id ?? 0);
}

/** (d): bench:verify in a child process against the built portal, on a fresh database beside ours. */
function verifyApi(): { health: number; verify: number } | null {
  const out = spawnSync(process.execPath, ["--import", "tsx", "scripts/bench-verify.ts"], { env: { ...process.env, DATABASE_URL: benchUrl }, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  process.stdout.write(out.stdout ?? "");
  const health = /GET \/api\/health\s+(\d+)/.exec(out.stdout ?? "");
  const verify = /POST verify\s+(\d+)/.exec(out.stdout ?? "");
  return health && verify ? { health: Number(health[1]), verify: Number(verify[1]) } : null;
}

/** Part (e): chain verification of the sealed bench chain, timed `repeat` times; best and median. */
async function verifyRuns(db: Db, repeat: number): Promise<number[]> {
  const rates: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    const report = await verifyAuditChain(db);
    const verifySeconds = (performance.now() - t0) / 1000;
    if (!report.ok) throw new Error(`bench chain did not verify: ${JSON.stringify(report)}`);
    rates.push(report.checked / verifySeconds);
    const mem = process.memoryUsage();
    console.log(`(e) verification: ${report.checked} events in ${verifySeconds.toFixed(2)} s = ${rates.at(-1)!.toFixed(0)} events/s (heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB)`);
  }
  const sorted = [...rates].sort((x, y) => x - y);
  if (repeat > 1) console.log(`(e) best ${sorted.at(-1)!.toFixed(0)} events/s, median ${sorted[Math.floor((sorted.length - 1) / 2)]!.toFixed(0)} events/s over ${repeat} runs`);
  return rates;
}

async function generateChain(db: Db): Promise<void> {
  await sealAll(db);
  const before = await maxId(db);
  console.log(`\n(e) generating ${eventCount} events and sealing them with the sequencer…`);
  let t0 = performance.now();
  await bulkEvents(db, eventCount);
  const generated = (performance.now() - t0) / 1000;
  t0 = performance.now();
  // Sealing stops below the cluster's oldest running transaction: other work on the same server
  // can hold it back for a moment, so keep sealing until every generated event is in the chain.
  const sealed = { sealed: 0 };
  while (sealed.sealed < eventCount && performance.now() - t0 < 120_000) {
    sealed.sealed += (await sealAll(db, 20_000)).sealed;
    if (sealed.sealed < eventCount) await new Promise((r) => setTimeout(r, 200));
  }
  const sealSeconds = (performance.now() - t0) / 1000;
  console.log(`    inserted in ${generated.toFixed(1)} s, sealed ${sealed.sealed} in ${sealSeconds.toFixed(1)} s (${(sealed.sealed / sealSeconds).toFixed(0)} events/s); ids ${before + 1}…`);
  await db.execute(sql`vacuum analyze audit_events`);
  await db.execute(sql`vacuum analyze audit_chain`);
}

async function chainLength(url: string): Promise<number> {
  const probe = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await probe.unsafe("select coalesce(max(seq), 0)::int as n from audit_chain");
    return Number(rows[0]?.n ?? 0);
  } catch {
    return 0;
  } finally {
    await probe.end();
  }
}

async function onlyVerify(): Promise<number> {
  const reuse = process.argv.includes("--reuse") && (await chainLength(benchUrl)) >= eventCount;
  if (!reuse) await recreate(benchUrl);
  const handle = await openDatabase({ driver: "postgres", url: benchUrl, max: 4 });
  try {
    if (!reuse) {
      for (const statement of BENCH_TABLES_SQL) await handle.db.execute(sql.raw(statement));
      await generateChain(handle.db);
    }
    const rates = await verifyRuns(handle.db, Number(argValue("--repeat") ?? 1));
    console.log(`  (e) chain verification = ${Math.max(...rates).toFixed(0)} events/s [≥ 200000]`);
    return 0;
  } finally {
    await handle.close();
  }
}

runCli(async () => {
  if (argValue("--only") === "verify") return onlyVerify();
  await recreate(benchUrl);
  const handle = await openDatabase({ driver: "postgres", url: benchUrl, max: 34 });
  const db = handle.db;
  for (const statement of BENCH_TABLES_SQL) await db.execute(sql.raw(statement));
  const results: Record<string, Record<number, LoadResult>> = { a: {}, b: {}, c: {} };
  const lags: Record<number, { p95: number; max: number; n: number }> = {};
  try {
    for (const clients of [8, 32]) {
      console.log(`\n${clients} clients, ${seconds} s each`);
      results.a![clients] = await runLoad(db, plainInsert, clients, seconds);
      console.log(`(a) plain INSERT           ${fmt(results.a![clients]!)}`);
      results.b![clients] = await runLoad(db, lockedChainAppend, clients, seconds);
      console.log(`(b) old locked-chain append ${fmt(results.b![clients]!)}`);
      const from = await maxId(db);
      const sequencer = startSequencer(handle, { checkpoints: null });
      results.c![clients] = await runLoad(db, sequencedAppend, clients, seconds);
      await new Promise((r) => setTimeout(r, 1500));
      await sequencer.stop();
      lags[clients] = await lagP95(db, from);
      console.log(`(c) new append + sequencer ${fmt(results.c![clients]!)}   (f) sealing lag p95 ${lags[clients]!.p95.toFixed(0)} ms, max ${lags[clients]!.max.toFixed(0)} ms over ${lags[clients]!.n} events`);
    }

    await generateChain(db);
    const verifyRate = (await verifyRuns(db, 1))[0]!;
    await handle.close();

    const api = argValue("--skip-http") !== undefined || process.argv.includes("--skip-http") ? null : (console.log("\n(d) verify API beside /api/health (bench:verify):"), verifyApi());

    console.log("\nRatios (goal in brackets):");
    for (const clients of [8, 32]) {
      const a = results.a![clients]!.perSecond;
      console.log(`  ${clients} clients: (c)/(a) new append / plain insert = ${pct(results.c![clients]!.perSecond, a)} [≥ 50 %]; (b)/(a) old locked chain = ${pct(results.b![clients]!.perSecond, a)}; (c)/(b) = ${(results.c![clients]!.perSecond / results.b![clients]!.perSecond).toFixed(1)}×`);
      console.log(`  ${clients} clients: (f) sealing lag p95 = ${lags[clients]!.p95.toFixed(0)} ms [≤ 1000 ms]`);
    }
    if (api) console.log(`  (d) verify API / health = ${api.verify} / ${api.health} req/s = ${pct(api.verify, api.health)} [≥ 50 %]`);
    else console.log("  (d) not measured (--skip-http or bench:verify failed)");
    console.log(`  (e) chain verification = ${verifyRate.toFixed(0)} events/s [≥ 200000]`);
    return 0;
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
}, benchDatabase(benchUrl));
