import postgres from "postgres";
import { openDatabase } from "@/db/client";
import { familyNames, givenNames } from "@/db/seed/names";
import { benchUrl, ensureBenchDatabase } from "./bench-db";
import { argValue, benchDatabase, runCli } from "./run";

/**
 * npm run bench:generate [-- --customers 1000000] — fills the benchmark database with N customers,
 * 2N tokens (one live, one revoked predecessor) and N e-mails.
 *
 * This builds a benchmark database, not a running system's data, so it writes with bulk
 * generate_series SQL instead of the action pipeline (which would take hours and fill the audit
 * log with a million imports). The trigram indexes are dropped during the load and rebuilt after.
 */
const CHUNK = 100_000;

runCli(async () => {
  const total = Number(argValue("--customers") ?? 1_000_000);
  if (!Number.isInteger(total) || total < 1 || total > 5_000_000) throw new Error("--customers must be 1..5000000");
  await ensureBenchDatabase();
  const handle = await openDatabase({ driver: "postgres", url: benchUrl, max: 2 });
  await handle.close();
  const sql = postgres(benchUrl, { max: 1, onnotice: () => {} });
  try {
    const started = Date.now();
    await sql`truncate identity_verifications, registered_emails, tokens, customers`;
    await sql`drop index if exists customers_name_search_trgm`;
    await sql`drop index if exists customers_name_kanji_trgm`;
    const famKanji = familyNames.map((n) => n[0]);
    const famKana = familyNames.map((n) => n[1]);
    const givKanji = givenNames.map((n) => n[0]);
    const givKana = givenNames.map((n) => n[1]);
    for (let from = 1; from <= total; from += CHUNK) {
      const to = Math.min(total, from + CHUNK - 1);
      // Deterministic spread: every family × given pair occurs (~N / 10,000 customers per full name).
      await sql`
        insert into customers (contract_id, name_kanji, name_kana, name_search, birth_date, phone, branch_code, branch_name, account_number, postal_code, address, created_at, updated_at)
        select lpad((3000000000 + i)::text, 10, '0'),
               (${famKanji}::text[])[1 + i % ${famKanji.length}] || ' ' || (${givKanji}::text[])[1 + ((i / ${famKanji.length}) * 13 + i) % ${givKanji.length}],
               (${famKana}::text[])[1 + i % ${famKana.length}] || ' ' || (${givKana}::text[])[1 + ((i / ${famKana.length}) * 13 + i) % ${givKana.length}],
               (${famKana}::text[])[1 + i % ${famKana.length}] || (${givKana}::text[])[1 + ((i / ${famKana.length}) * 13 + i) % ${givKana.length}],
               date '1940-01-01' + (i * 37 % 25000),
               '080' || lpad(i::text, 8, '0'),
               lpad((100 + i % 400)::text, 3, '0'), 'ベンチ支店', lpad((i / 400)::text, 7, '0'),
               '100-0001', '東京都千代田区千代田1-1', now(), now()
        from generate_series(${from}::int, ${to}::int) as i`;
      await sql`
        insert into tokens (customer_id, service_id, user_id, serial, kind, status, issued_at, activated_at, expires_at, revoked_at, revoke_reason, created_at, updated_at)
        select c.id, '10112890', '9990' || lpad(n::text, 8, '0'), lpad((10000000 + n * 2 + k)::text, 8, '0'), 'app',
               (case when k = 0 then 'active' else 'revoked' end)::token_status,
               now() - interval '400 days' * (k + 1), now() - interval '399 days' * (k + 1), now() + interval '700 days' - interval '900 days' * k,
               case when k = 1 then now() - interval '400 days' end, (case when k = 1 then 'replaced' end)::token_revoke_reason, now(), now()
        from customers c, lateral (select (c.contract_id::bigint - 3000000000) as n) s, generate_series(0, 1) as k
        where c.contract_id between lpad((3000000000 + ${from})::text, 10, '0') and lpad((3000000000 + ${to})::text, 10, '0')`;
      await sql`
        insert into registered_emails (customer_id, address, created_at)
        select c.id, 'user' || (c.contract_id::bigint - 3000000000) || '@bench.example.jp', now()
        from customers c
        where c.contract_id between lpad((3000000000 + ${from})::text, 10, '0') and lpad((3000000000 + ${to})::text, 10, '0')`;
      console.log(`${to.toLocaleString("en")} / ${total.toLocaleString("en")} customers (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    console.log("building trigram indexes …");
    await sql`create index customers_name_search_trgm on customers using gin (name_search gin_trgm_ops)`;
    await sql`create index customers_name_kanji_trgm on customers using gin ((translate(name_kanji, ' 　・', '')) gin_trgm_ops)`;
    await sql`analyze`;
    console.log(`done in ${Math.round((Date.now() - started) / 1000)} s: ${benchUrl}`);
  } finally {
    await sql.end();
  }
}, benchDatabase(benchUrl));
