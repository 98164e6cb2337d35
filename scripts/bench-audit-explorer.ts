import { sql, type SQL } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, type Db } from "@/db/client";
import { countMatching, defaultColumns, explorePage, explorerColumns, jstInstant, pageSql, resolveFilter, selectRows, type AuditFilter, type ExplorerColumn } from "@/lib/audit/explorer";
import { exportStream } from "@/lib/audit/export";
import { createTranslator } from "@/lib/i18n/translate";
import { withLiterals } from "@/lib/server/copy-out";
import { argValue, benchDatabase, runCli } from "./run";

/**
 * npm run bench:audit-explorer [-- --events 10000000 --runs 20 --export-days 36 --keep --reuse --filters-only]
 *
 * On a PostgreSQL database of its own (BENCH_DATABASE_URL, default tokendesk_bench_explorer,
 * created, migrated and dropped again unless --keep), generates --events audit events over one
 * year (200 staff, 5 API clients, the system; 50,000 customers with a token each) with one
 * INSERT … SELECT generate_series per million rows — secondary indexes dropped for the load and
 * rebuilt after, a chain row per event but the newest thousand (fake hashes: sealing is not what
 * is measured here) — and then prints, each beside the same SQL run bare:
 *   (1) p50 / p95 of ten explorer filters (resolve + keyset page + names + count) [p95 ≤ 100 ms];
 *   (2) export rows/s and peak RSS for --export-days of events, CSV and JSON Lines, the default
 *       columns and all of them [≥ 100,000 rows/s, flat];
 *   (3) p95 of two report-style aggregates.
 * --keep leaves the database behind; --reuse measures a kept one again without generating;
 * --filters-only stops after (1).
 * This builds a benchmark database, not a running system's data, so it writes with bulk SQL
 * instead of the action pipeline.
 */
const benchUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/tokendesk_bench_explorer";
const eventCount = Number(argValue("--events") ?? 10_000_000);
const runs = Number(argValue("--runs") ?? 20);
const exportDays = Number(argValue("--export-days") ?? 36);
const filtersOnly = process.argv.includes("--filters-only");
const CHUNK = 1_000_000;
const STAFF = 200;
const CUSTOMERS = 50_000;
/** The year the events span: from 2025-11-22 00:00 JST to 2026-11-22 00:00 JST. */
const START = Date.parse("2025-11-21T15:00:00Z");
const SPAN_MS = 365 * 86_400_000;

async function adminSql<T>(run: (admin: postgres.Sql) => Promise<T>): Promise<T> {
  const u = new URL(benchUrl);
  u.pathname = "/postgres";
  const admin = postgres(u.toString(), { max: 1, onnotice: () => {} });
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}

const dbName = () => {
  const name = new URL(benchUrl).pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name ${name}`);
  return name;
};

async function generate(raw: postgres.Sql): Promise<void> {
  const t0 = performance.now();
  const roleOf = (i: number) => (i < 120 ? "operator" : i < 170 ? "teller" : i < 190 ? "supervisor" : i < 196 ? "auditor" : "admin");
  await raw`insert into staff (login_id, display_name, role, password_hash)
    select 'bench.' || i, 'ベンチ 職員' || i, (${Array.from({ length: STAFF }, (_, i) => roleOf(i))}::text[])[i + 1]::staff_role, 'x'
    from generate_series(0, ${STAFF - 1}) i`;
  await raw`insert into api_clients (name, key_prefix, key_hash, created_at)
    select 'bench-client-' || i, 'bp' || i, 'bh' || i, now() from generate_series(1, 5) i`;
  await raw`insert into customers (contract_id, name_kanji, name_kana, name_search, birth_date, phone, branch_code, branch_name, account_number, postal_code, address, created_at, updated_at)
    select lpad((4000000000 + i)::text, 10, '0'), 'ベンチ 太郎', 'ベンチ タロウ', 'ベンチタロウ', date '1980-01-01', '080' || lpad(i::text, 8, '0'),
           '001', 'ベンチ支店', lpad(i::text, 7, '0'), '100-0001', '東京都千代田区千代田1-1', now(), now()
    from generate_series(1, ${CUSTOMERS}) i`;
  await raw`insert into tokens (customer_id, service_id, user_id, serial, kind, status, issued_at, activated_at, expires_at, created_at, updated_at)
    select c.id, '10112890', '9980' || substr(c.contract_id, 3), lpad((20000000 + substr(c.contract_id, 3)::int)::text, 8, '0'), 'app', 'active', now(), now(), now() + interval '700 days', now(), now()
    from customers c`;
  // Lookup tables by number, so the generator joins instead of searching.
  await raw`create table bench_staff as select row_number() over (order by login_id) - 1 as k, id::text as id, role::text as role from staff`;
  await raw`create table bench_clients as select row_number() over (order by name) - 1 as k, id::text as id from api_clients`;
  await raw`create table bench_customers as select row_number() over (order by c.contract_id) - 1 as k, c.id as customer_id, t.id as token_id from customers c join tokens t on t.customer_id = c.id`;
  console.log(`reference data in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const indexes = await raw<Array<{ indexname: string; indexdef: string }>>`select indexname, indexdef from pg_indexes where tablename = 'audit_events' and indexname <> 'audit_events_pkey'`;
  for (const i of indexes) await raw.unsafe(`drop index ${i.indexname}`);
  const t1 = performance.now();
  for (let from = 1; from <= eventCount; from += CHUNK) {
    const to = Math.min(eventCount, from + CHUNK - 1);
    // h spreads each event over actors, actions and outcomes deterministically; time grows with g.
    await raw`
      insert into audit_events (occurred_at, actor_type, actor_id, actor_role, action, outcome, reason, customer_id, token_id, channel, ip, user_agent, request_id, details)
      select to_timestamp((${START}::float8 + g::float8 * ${SPAN_MS / eventCount}::float8) / 1000),
             a.actor_type::audit_actor_type, a.actor_id, a.actor_role, a.action,
             (case when h % 200 = 0 then 'error' when h % 25 = 1 then 'denied' when h % 25 = 2 then 'invalid' when h % 25 = 3 then 'failed' else 'success' end)::audit_outcome,
             case when h % 50 = 7 then 'お客さまの依頼により確認 #' || (h % 1000) end,
             case when a.with_customer then bc.customer_id end,
             case when a.action in ('token.issue', 'token_service.verify', 'token_service.renew') then bc.token_id end,
             (case a.actor_type when 'staff' then 'web' when 'api_client' then 'api' else 'cli' end)::audit_channel,
             '10.' || (h % 200) || '.' || (h % 97) || '.' || (h % 251), 'Mozilla/5.0 bench', 'r' || (g / 3),
             case when h % 20 = 5 then jsonb_build_object('memo', '折り返し希望 090-0000-' || lpad((h % 10000)::text, 4, '0'), 'result', 'ok')
                  else jsonb_build_object('result', 'ok', 'n', g) end
      from generate_series(${from}::bigint, ${to}::bigint) g
      cross join lateral (select ((g * 2654435761) % 4294967296) as h) hh
      cross join lateral (
        select case when h % 100 < 85 then 'staff' when h % 100 < 95 then 'api_client' else 'system' end as kind) k
      left join bench_staff s on k.kind = 'staff' and s.k = (h / 100) % ${STAFF}
      left join bench_clients ac on k.kind = 'api_client' and ac.k = (h / 100) % 5
      join bench_customers bc on bc.k = (h / 7) % ${CUSTOMERS}
      cross join lateral (
        select k.kind as actor_type,
               case k.kind when 'staff' then s.id when 'api_client' then ac.id else 'notice-worker' end as actor_id,
               case k.kind when 'staff' then s.role when 'api_client' then 'api_client' else 'system' end as actor_role,
               case k.kind
                 when 'api_client' then (array['token_service.verify', 'token_service.verify', 'token_service.verify', 'token_service.renew'])[1 + (h / 13) % 4]
                 when 'system' then (array['notice.claim', 'notice.mark_sent'])[1 + (h / 13) % 2]
                 else (array['customer.view', 'customer.view', 'customer.view', 'verification.phone', 'verification.phone', 'customer.search', 'customer.search',
                             'auth.sign_in', 'token.issue', 'verification.in_person', 'verification.clear_block', 'staff.change_role'])[1 + (h / 13) % 12] end as action,
               (k.kind = 'api_client' or (k.kind = 'staff' and (h / 13) % 12 not in (5, 6, 7, 11))) as with_customer
      ) a`;
    console.log(`${to.toLocaleString("en")} / ${eventCount.toLocaleString("en")} events (${Math.round((performance.now() - t1) / 1000)} s)`);
  }
  const t2 = performance.now();
  for (const i of indexes) {
    await raw.unsafe(i.indexdef);
  }
  console.log(`${indexes.length} indexes rebuilt in ${((performance.now() - t2) / 1000).toFixed(1)} s`);
  const t3 = performance.now();
  await raw`insert into audit_chain (seq, event_id, prev_hash, hash, sealed_at) select id, id, 'bench', 'bench', occurred_at from audit_events where id <= ${eventCount - 1000} order by id`;
  console.log(`chain rows in ${((performance.now() - t3) / 1000).toFixed(1)} s`);
  await raw`vacuum analyze`;
  console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const ms = (x: number) => `${x.toFixed(1).padStart(7)} ms`;

async function time(fn: () => Promise<unknown>, n: number): Promise<number[]> {
  await fn(); // warm
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

const jstDay = (ms: number) => new Date(ms + 9 * 3600_000).toISOString().slice(0, 10);

async function filters(db: Db): Promise<Array<{ name: string; filter: AuditFilter; after?: string }>> {
  const [staffRow] = await selectRows<{ id: string }>(db, sql`select id from staff where login_id = 'bench.7'`);
  const [client] = await selectRows<{ id: string }>(db, sql`select id from api_clients where name = 'bench-client-2'`);
  const [customer] = await selectRows<{ contract_id: string; serial: string }>(db, sql`select c.contract_id, t.serial from customers c join tokens t on t.customer_id = c.id where c.contract_id = '4000012345'`);
  const end = START + SPAN_MS;
  const [mid] = await selectRows<{ at: Date | string; id: string | number }>(db, sql`select occurred_at as at, id from audit_events where id = ${Math.floor(eventCount / 2)}`);
  const midCursor = mid ? `${new Date(mid.at).getTime()}.${mid.id}` : undefined;
  return [
    { name: "no filter, newest page", filter: {} },
    { name: "no filter, page halfway down", filter: {}, after: midCursor },
    { name: "staff member, last 30 days", filter: { staff: staffRow!.id, from: jstDay(end - 30 * 86_400_000) } },
    { name: "action token.issue", filter: { action: "token.issue" } },
    { name: "refused, last 7 days", filter: { outcome: "refused", from: jstDay(end - 7 * 86_400_000) } },
    { name: "customer (contract ID)", filter: { contract: customer!.contract_id } },
    { name: "token serial", filter: { serial: customer!.serial } },
    { name: "one JST day, tellers", filter: { from: "2026-06-01", to: "2026-06-01", role: "teller" } },
    { name: "API client, errors", filter: { client: client!.id, outcome: "error" } },
    { name: "memo words, one day", filter: { from: "2026-06-01", to: "2026-06-01", text: "折り返し" } },
  ];
}

runCli(async () => {
  if (!Number.isInteger(eventCount) || eventCount < 10_000) throw new Error("--events must be an integer ≥ 10000");
  const name = dbName();
  const reuse = process.argv.includes("--reuse");
  if (!reuse) {
    await adminSql(async (admin) => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.unsafe(`create database ${name}`);
    });
  }
  const handle = await openDatabase({ driver: "postgres", url: benchUrl, max: 4 });
  const raw = postgres(benchUrl, { max: 1, onnotice: () => {} });
  try {
    if (reuse) console.log(`measuring the events kept in ${name}`);
    else {
      console.log(`generating ${eventCount.toLocaleString("en")} events in ${name} …`);
      await generate(raw);
    }
    const db = handle.db;
    const t = createTranslator("ja");

    console.log(`\n(1) explorer filters, ${runs} runs each: explorer = resolve + keyset page (50) + names + count; bare = the page's SQL alone`);
    const allExplorer: number[] = [];
    const allBare: number[] = [];
    for (const q of await filters(db)) {
      const { where } = await resolveFilter(db, q.filter, null);
      const input = { sort: "desc" as const, ...(q.after ? { after: q.after } : {}) };
      let shown = 0;
      let counted = "";
      const explorer = await time(async () => {
        const resolved = await resolveFilter(db, q.filter, null);
        const [page, total] = await Promise.all([explorePage(db, resolved.where, input), countMatching(db, resolved.where)]);
        shown = page.rows.length;
        counted = `${total.estimated ? "~" : ""}${total.count}`;
      }, runs);
      const after = q.after ? { at: Number(q.after.split(".")[0]), id: Number(q.after.split(".")[1]) } : null;
      const statement: SQL = pageSql(where, { sort: "desc", after, limit: 51 });
      const bare = await time(() => db.execute(statement), runs);
      allExplorer.push(...explorer);
      allBare.push(...bare);
      console.log(`  ${q.name.padEnd(30)} explorer p50 ${ms(pct(explorer, 0.5))} p95 ${ms(pct(explorer, 0.95))}   bare p50 ${ms(pct(bare, 0.5))} p95 ${ms(pct(bare, 0.95))}   (${shown} rows, ${counted} matching)`);
    }
    allExplorer.sort((a, b) => a - b);
    allBare.sort((a, b) => a - b);
    console.log(`  ${"all ten".padEnd(30)} explorer p50 ${ms(pct(allExplorer, 0.5))} p95 ${ms(pct(allExplorer, 0.95))}   bare p50 ${ms(pct(allBare, 0.5))} p95 ${ms(pct(allBare, 0.95))}   [p95 ≤ 100 ms]`);
    if (filtersOnly) return 0;

    const end = START + SPAN_MS;
    const exportFilter: AuditFilter = { from: jstDay(end - exportDays * 86_400_000) };
    const { where } = await resolveFilter(db, exportFilter, null);
    console.log(`\n(2) export of the last ${exportDays} days (from ${exportFilter.from} JST)`);
    const rssBefore = process.resourceUsage().maxRSS / 1024;
    const columns = explorerColumns;
    const n = Number((await selectRows<{ n: number }>(db, sql`select count(*)::int as n from audit_events e where ${where}`))[0]!.n);
    // The floor: COPY of the stored columns the export reads, in the export's order, bytes counted
    // and nothing else — what the database takes to read and send the rows. Read twice, the first
    // time only to bring the month's pages into memory as the exports after it find them.
    const stored = sql.raw("e.id, e.occurred_at, e.actor_type, e.actor_id, e.actor_role, e.action, e.outcome, e.customer_id, e.token_id, e.target_staff_id, e.channel, e.reason, e.details, e.ip, e.request_id");
    const copyBytes = async () => {
      const floor = postgres(benchUrl, { max: 1, onnotice: () => {} });
      let bytes = 0;
      const copy = await floor.unsafe(`copy (${withLiterals(pageSql(where, { sort: "desc" }, { columns: stored, from: sql`audit_events e` }))}) to stdout`).readable();
      for await (const chunk of copy) bytes += (chunk as Buffer).length;
      await floor.end({ timeout: 0 });
      return bytes;
    };
    await copyBytes();
    let t0 = performance.now();
    const bareBytes = await copyBytes();
    const bareRate = n / ((performance.now() - t0) / 1000);
    console.log(`  bare  the stored columns' COPY, bytes only: ${n.toLocaleString("en")} rows at ${Math.round(bareRate).toLocaleString("en")} rows/s (${(bareBytes / 2 ** 20).toFixed(0)} MiB)`);
    const runsOf: Array<["csv" | "jsonl", readonly ExplorerColumn[], string]> = [
      ["csv", defaultColumns, `the ${defaultColumns.length} default columns`],
      ["jsonl", defaultColumns, `the ${defaultColumns.length} default columns`],
      ["csv", columns, "all 16 columns"],
      ["jsonl", columns, "all 16 columns"],
    ];
    for (const [format, chosen, what] of runsOf) {
      t0 = performance.now();
      let bytes = 0;
      let heapPeak = 0;
      const reader = exportStream(db, where, { sort: "desc", columns: [...chosen], format, t }).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      }
      const rate = n / ((performance.now() - t0) / 1000);
      console.log(
        `  ${format.padEnd(5)} ${what}: ${Math.round(rate).toLocaleString("en")} rows/s (${(rate / bareRate).toFixed(2)} × bare), ${(bytes / 2 ** 20).toFixed(0)} MiB written; heap peak ${(heapPeak / 2 ** 20).toFixed(0)} MiB, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (before exports ${rssBefore.toFixed(0)} MiB)   [≥ 100,000 rows/s]`,
      );
    }

    console.log(`\n(3) report-style aggregates, ${Math.max(5, Math.floor(runs / 4))} runs each`);
    const month = [jstInstant("2026-10-01").toISOString(), jstInstant("2026-10-31", true).toISOString()];
    const week = [jstInstant("2026-11-01").toISOString(), jstInstant("2026-11-07", true).toISOString()];
    const aggregates: Array<[string, SQL]> = [
      ["events by action and outcome, one month", sql`select action, outcome, count(*) from audit_events where occurred_at >= ${month[0]} and occurred_at < ${month[1]} group by 1, 2`],
      ["refusals per staff per JST day, one week", sql`select actor_id, date_trunc('day', occurred_at at time zone 'Asia/Tokyo') as day, count(*) from audit_events where outcome <> 'success' and occurred_at >= ${week[0]} and occurred_at < ${week[1]} group by 1, 2`],
    ];
    for (const [label, statement] of aggregates) {
      const times = await time(() => db.execute(statement), Math.max(5, Math.floor(runs / 4)));
      console.log(`  ${label.padEnd(42)} p50 ${ms(pct(times, 0.5))} p95 ${ms(pct(times, 0.95))}`);
    }
    return 0;
  } finally {
    await raw.end();
    await handle.close();
    if (!process.argv.includes("--keep") && !reuse) await adminSql((admin) => admin.unsafe(`drop database if exists ${name} with (force)`));
  }
}, benchDatabase(benchUrl));
