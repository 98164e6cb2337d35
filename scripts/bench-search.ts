import postgres from "postgres";
import { openDatabase } from "@/db/client";
import { searchCustomers } from "@/lib/customers/search";
import { searchCustomersInput, type SearchCustomersInput } from "@/lib/customers/search-schema";
import { MAX_MATCHES } from "@/lib/customers/search";
import { romajiVariants } from "@/lib/customers/romaji";
import { familyNames, givenNames } from "@/db/seed/names";
import { benchUrl } from "./bench-db";
import { benchSecrets, benchSessionCookie, startPortal } from "./bench-http";
import { argValue, benchDatabase, runCli } from "./run";

/**
 * npm run bench:search [-- --samples 200] — p50/p95 of each search kind through the app's
 * searchCustomers() beside the same SQL sent bare through postgres.js, on the database that
 * npm run bench:generate filled. With --http it also starts the built portal on that database
 * (port BENCH_PORT, default 3320) and times POST /api/customers/search. Not part of npm test.
 */
interface Sample { contract_id: string; name_kana: string; name_kanji: string; phone: string; address: string; serial: string; service_id: string; user_id: string }

type Case = { kind: string; input: (s: Sample) => SearchCustomersInput; where: string | ((s: Sample) => string); args: (s: Sample) => string[] };

const owners = (inner: string) => `id in (${inner})`;
// What staff type besides kana: a one-kanji name (林, 誠), or the name in romaji (names.ts's spelling).
const oneKanji = [...familyNames, ...givenNames].map((n) => n[0]).filter((k) => [...k].length === 1);
const romajiOf = new Map([...familyNames, ...givenNames].map((n) => [n[1], n[2]]));
const pickKanji = (s: Sample) => oneKanji[Number(s.contract_id) % oneKanji.length]!;
const romaji = (s: Sample) => s.name_kana.split(" ").map((k) => romajiOf.get(k) ?? "").join(" ");
// Bare SQL for romaji: the same OR of LIKEs per word, ANDed, that searchCustomers sends.
const romajiLikes = (q: string) => {
  const { words, kanaLength } = romajiVariants(q);
  return words.flat().map((v) => (words.length === 1 && kanaLength === 2 ? `${v}%` : `%${v}%`));
};
const romajiWhere = (q: string) => {
  let n = 0;
  return romajiVariants(q).words.map((variants) => `(${variants.map(() => `name_search like $${++n}`).join(" or ")})`).join(" and ");
};
const oneKanjiWhere = "split_part(translate(name_kanji, '　', ' '), ' ', 1) = $1 or split_part(translate(name_kanji, '　', ' '), ' ', 2) = $1";
const cases: Case[] = [
  { kind: "contract", input: (s) => ({ kind: "contract", query: s.contract_id }), where: "contract_id = $1", args: (s) => [s.contract_id] },
  { kind: "phone", input: (s) => ({ kind: "phone", query: s.phone }), where: "phone = $1", args: (s) => [s.phone] },
  { kind: "email", input: (s) => ({ kind: "email", query: s.address }), where: owners("select customer_id from registered_emails where lower(address) = $1 and deleted_at is null"), args: (s) => [s.address.toLowerCase()] },
  { kind: "serviceUser", input: (s) => ({ kind: "serviceUser", query: s.service_id, userId: s.user_id }), where: owners("select customer_id from tokens where service_id = $1 and user_id = $2"), args: (s) => [s.service_id, s.user_id] },
  { kind: "serial", input: (s) => ({ kind: "serial", query: s.serial }), where: owners("select customer_id from tokens where serial = $1"), args: (s) => [s.serial] },
  { kind: "name (full kana)", input: (s) => ({ kind: "name", query: s.name_kana }), where: "name_search like $1", args: (s) => [`%${s.name_kana.replace(" ", "")}%`] },
  { kind: "name (given, partial)", input: (s) => ({ kind: "name", query: s.name_kana.split(" ")[1]! }), where: "name_search like $1", args: (s) => [`%${s.name_kana.split(" ")[1]}%`] },
  { kind: "name (kanji)", input: (s) => ({ kind: "name", query: s.name_kanji }), where: "translate(name_kanji, ' 　・', '') like $1", args: (s) => [`%${s.name_kanji.replace(" ", "")}%`] },
  { kind: "name (one kanji)", input: (s) => ({ kind: "name", query: pickKanji(s) }), where: oneKanjiWhere, args: (s) => [pickKanji(s)] },
  { kind: "name (romaji full)", input: (s) => ({ kind: "name", query: romaji(s) }), where: (s) => romajiWhere(romaji(s)), args: (s) => romajiLikes(romaji(s)) },
  { kind: "name (romaji family)", input: (s) => ({ kind: "name", query: romaji(s).split(" ")[0]! }), where: (s) => romajiWhere(romaji(s).split(" ")[0]!), args: (s) => romajiLikes(romaji(s).split(" ")[0]!) },
];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

runCli(async () => {
  const samples = Number(argValue("--samples") ?? 200);
  const withHttp = process.argv.includes("--http");
  const secrets = withHttp ? benchSecrets() : {};
  const handle = await openDatabase({ driver: "postgres", url: benchUrl, max: 2 });
  const bare = postgres(benchUrl, { max: 1, onnotice: () => {} });
  try {
    const [{ n }] = (await bare`select count(*)::int as n from customers`) as unknown as [{ n: number }];
    if (!n) throw new Error("the benchmark database is empty: run npm run bench:generate first");
    const picks = await bare<Sample[]>`
      select c.contract_id, c.name_kana, c.name_kanji, c.phone, e.address, t.serial, t.service_id, t.user_id
      from customers c join registered_emails e on e.customer_id = c.id join tokens t on t.customer_id = c.id and t.status = 'active'
      where c.contract_id = any(${Array.from({ length: samples }, (_, j) => String(3000000000 + 1 + ((j * 7919) % n)).padStart(10, "0"))})`;
    console.log(`${n.toLocaleString("en")} customers, ${picks.length} samples per kind, ${benchUrl}\n`);
    const port = Number(process.env.BENCH_PORT ?? 3320);
    const server = withHttp ? await startPortal(benchUrl, port, secrets) : null;
    const cookie = withHttp ? await benchSessionCookie(handle.db, secrets.NEXTAUTH_SECRET!) : "";
    const viaHttp = async (input: SearchCustomersInput) => {
      const response = await fetch(`http://localhost:${port}/api/customers/search`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify(input) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      await response.json();
    };
    // The framework's own floor: a bare route on the same server, timed beside every HTTP search.
    const floor: number[] = [];
    const viaFloor = async () => {
      const response = await fetch(`http://localhost:${port}/api/health`);
      await response.json();
    };
    console.log(`kind                    app p50  app p95  bare p50 bare p95  p95 ratio${withHttp ? " http p50 http p95  p95 ratio  vs route+bare" : ""}  (ms)`);
    try {
    for (const c of cases) {
      const app: number[] = [];
      const raw: number[] = [];
      const http: number[] = [];
      for (let round = 0; round < 2; round++) {
        for (const [j, s] of picks.entries()) {
          const params = searchCustomersInput.parse(c.input(s));
          const time = async (run: () => Promise<unknown>) => {
            const t0 = performance.now();
            await run();
            return performance.now() - t0;
          };
          const runApp = () => time(() => searchCustomers(handle.db, params));
          const runBare = () => time(() => bareSearch(bare, typeof c.where === "string" ? c.where : c.where(s), c.args(s)));
          // Whichever runs first pays for cold pages of this sample: take turns.
          let a: number, b: number;
          if (j % 2 === 0) {
            a = await runApp();
            b = await runBare();
          } else {
            b = await runBare();
            a = await runApp();
          }
          const h = withHttp ? await time(() => viaHttp(c.input(s))) : 0;
          const route = withHttp ? await time(viaFloor) : 0;
          // Round 0 warms caches and plans.
          if (round === 1) {
            app.push(a);
            raw.push(b);
            http.push(h);
            floor.push(route);
          }
        }
      }
      const f = (x: number) => x.toFixed(2).padStart(8);
      const vsFloor = pct(http, 95) / (pct(floor, 95) + pct(raw, 95));
      const httpCols = withHttp ? ` ${f(pct(http, 50))} ${f(pct(http, 95))} ${(pct(http, 95) / pct(raw, 95)).toFixed(2).padStart(9)}× ${vsFloor.toFixed(2).padStart(12)}×` : "";
      console.log(`${c.kind.padEnd(22)} ${f(pct(app, 50))} ${f(pct(app, 95))} ${f(pct(raw, 50))} ${f(pct(raw, 95))} ${(pct(app, 95) / pct(raw, 95)).toFixed(2).padStart(9)}×${httpCols}`);
    }
    if (withHttp) console.log(`\nbare route GET /api/health on the same server: p50 ${pct(floor, 50).toFixed(2)} ms, p95 ${pct(floor, 95).toFixed(2)} ms (${floor.length} requests)`);
    } finally {
      server?.kill("SIGTERM");
    }
  } finally {
    await bare.end();
    await handle.close();
  }
}, benchDatabase(benchUrl));

/** The statements searchCustomers sends, written out by hand: capped count, one page, first e-mails. */
async function bareSearch(sql: postgres.Sql, where: string, args: string[]): Promise<void> {
  const [{ total }] = (await sql.unsafe(`select count(*)::int as total from (select 1 from customers where ${where} limit ${MAX_MATCHES + 1}) capped`, args)) as unknown as [{ total: number }];
  if (total > MAX_MATCHES || total === 0) return;
  const rows = await sql.unsafe(
    `select id, contract_id, name_kanji, name_kana, branch_name, phone, verification_blocked_at from (select id, contract_id, name_kanji, name_kana, name_search, branch_name, phone, verification_blocked_at from customers where ${where} limit ${MAX_MATCHES + 1}) matches order by name_search asc, contract_id asc limit 20 offset 0`,
    args,
  );
  const ids = rows.map((r) => r.id as string);
  if (!ids.length) return;
  const list = ids.map((_, i) => `$${i + 1}`).join(", ");
  await sql.unsafe(`select customer_id, address from registered_emails where customer_id in (${list}) and deleted_at is null order by created_at, address`, ids);
}
