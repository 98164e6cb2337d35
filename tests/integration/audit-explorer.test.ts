import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { eq, sql } from "drizzle-orm";
import { auditEvents, customers, tokens, type AuditEvent } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { runQuery } from "@/lib/actions/query";
import { revealAuditValue } from "@/lib/actions/audit/reveal-audit-value";
import { appendAuditEvent, type AuditActor } from "@/lib/audit/append";
import { explorePage, explorerColumns, jstInstant, resolveFilter, type AuditFilter } from "@/lib/audit/explorer";
import { auditEventQuery, auditExploreQuery, auditExportQuery } from "@/lib/audit/explorer-queries";
import { exportStream } from "@/lib/audit/export";
import { sealPending } from "@/lib/audit/sequencer";
import { copyFields, withLiterals } from "@/lib/server/copy-out";
import { createTranslator } from "@/lib/i18n/translate";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { issue } from "@/tests/fixtures/tokens";
import { gridExportRow, gridRows } from "@/tests/fixtures/audit-grid";
import { auditEventAt, createSignedInStaff, staffOptions, type Member } from "@/tests/fixtures/staff";

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:00.000Z");
const people: Record<"auditor" | "auditor2" | "supervisor" | "otherSupervisor" | "operator" | "teller", Member> = {} as never;
const contracts: string[] = [];
const serials: string[] = [];
const ja = createTranslator("ja");

/** A small deterministic generator: the same events on every run and on both databases. */
function prng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

const actions = ["customer.view", "verification.phone", "token.issue", "staff.change_role", "customer.search"] as const;
const outcomes = ["success", "success", "success", "denied", "invalid", "failed", "error"] as const;
const channels = ["web", "web", "api", "cli"] as const;
/** Reasons a spreadsheet would run as formulas, and ordinary ones. */
const reasons = ["=HYPERLINK(\"http://x\")", "+81 call back", "-5 adjustment", "@SUM(A1)", "\tindented", "\rcarriage", "お客さまの依頼により確認", "100% 確認済み", null];
/** JST midnight of 2026/11/22 and the millisecond before it. */
const MIDNIGHT = Date.parse("2026-11-21T15:00:00.000Z");

beforeAll(async () => {
  // Events written by hand, `result: "ok"` on any action: not read strictly.
  t = await createTestDb({ handMadeEvents: true });
  for (const [key, role] of [["auditor", "auditor"], ["auditor2", "auditor"], ["supervisor", "supervisor"], ["otherSupervisor", "supervisor"], ["operator", "operator"], ["teller", "teller"]] as const) {
    people[key] = await createSignedInStaff(t.db, clock, `explorer.${key}`, role);
  }
  for (let i = 0; i < 3; i++) {
    const issued = await issue(t.db, clock);
    const [c] = await t.db.select({ contractId: customers.contractId }).from(customers).where(eq(customers.id, issued.customerId));
    contracts.push(c!.contractId);
    serials.push(issued.serial);
  }
  const tokenRows = await t.db.select({ id: tokens.id, customerId: tokens.customerId }).from(tokens);
  const actors: AuditActor[] = [
    { type: "staff", id: people.operator.staffId, role: "operator" },
    { type: "staff", id: people.teller.staffId, role: "teller" },
    { type: "staff", id: people.supervisor.staffId, role: "supervisor" },
    { type: "staff", id: people.otherSupervisor.staffId, role: "supervisor" },
    { type: "staff", id: people.auditor.staffId, role: "auditor" },
    { type: "system", id: "notice-worker", role: "system" },
  ];
  const random = prng(7);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  await t.db.transaction(async (tx) => {
    for (let i = 0; i < 400; i++) {
      // Around JST midnight: a day either side, plus events exactly on the boundary and just before it.
      const at = i === 0 ? MIDNIGHT : i === 1 ? MIDNIGHT - 1 : MIDNIGHT + Math.round((random() - 0.5) * 2 * 86_400_000);
      const token = random() < 0.4 ? pick(tokenRows) : null;
      const actor = pick(actors);
      await appendAuditEvent(
        tx,
        {
          actor,
          action: pick(actions),
          outcome: pick(outcomes),
          reason: pick(reasons),
          customerId: token?.customerId ?? null,
          tokenId: token?.id ?? null,
          details: i % 5 === 0 ? { memo: i % 10 === 0 ? `折り返し 090-1234-${String(i).padStart(4, "0")} 希望` : "住所変更の相談", result: "ok" } : { result: "ok" },
        },
        { channel: actor.type === "system" ? "cli" : pick(channels), ip: `198.51.100.${i % 250}`, userAgent: "Mozilla/5.0 test", requestId: `gen-${Math.floor(i / 3)}` },
        new Date(at),
      );
    }
  });
}, 120_000);
afterAll(async () => t?.close());

/** Every event, read plainly: the truth the explorer's filters are checked against. */
async function truth(): Promise<AuditEvent[]> {
  return t.db.select().from(auditEvents);
}

const contractOf = async () => new Map((await t.db.select({ id: customers.id, contractId: customers.contractId }).from(customers)).map((c) => [c.id, c.contractId]));
const serialOf = async () => new Map((await t.db.select({ id: tokens.id, serial: tokens.serial }).from(tokens)).map((c) => [c.id, c.serial]));

/** The filter written independently of the SQL: plain JavaScript over every event. */
function matches(e: AuditEvent, f: AuditFilter, maps: { contract: Map<string, string>; serial: Map<string, string> }): boolean {
  const at = e.occurredAt.getTime();
  if (f.from && at < jstInstant(f.from).getTime()) return false;
  if (f.to && at >= jstInstant(f.to, true).getTime()) return false;
  if (f.staff && !(e.actorType === "staff" && e.actorId === f.staff)) return false;
  if (f.role && e.actorRole !== f.role) return false;
  if (f.action && e.action !== f.action) return false;
  if (f.outcome === "success" && e.outcome !== "success") return false;
  if (f.outcome === "refused" && !["denied", "invalid", "failed"].includes(e.outcome)) return false;
  if (f.outcome === "error" && e.outcome !== "error") return false;
  if (f.channel === "desk" && !(e.channel === "web" && e.actorType !== "system")) return false;
  if (f.channel === "api" && !(e.channel === "api" && e.actorType !== "system")) return false;
  if (f.channel === "system" && e.actorType !== "system") return false;
  if (f.contract && (!e.customerId || maps.contract.get(e.customerId) !== f.contract)) return false;
  if (f.serial && (!e.tokenId || maps.serial.get(e.tokenId) !== f.serial)) return false;
  if (f.text) {
    const memo = typeof e.details.memo === "string" ? e.details.memo : "";
    if (!(e.reason ?? "").toLowerCase().includes(f.text.toLowerCase()) && !memo.toLowerCase().includes(f.text.toLowerCase())) return false;
  }
  return true;
}

const newestFirst = (a: AuditEvent, b: AuditEvent) => b.occurredAt.getTime() - a.occurredAt.getTime() || b.id - a.id;

/** Every page of a filter through the pipeline as `member`, following the next-page cursor. */
async function allPages(member: Member, filter: Record<string, string | undefined>, sort: "asc" | "desc" = "desc"): Promise<{ ids: number[]; total: number }> {
  const ids: number[] = [];
  let after: string | null = null;
  let total = -1;
  for (let pages = 0; pages < 100; pages++) {
    const result: Awaited<ReturnType<typeof runQuery<typeof auditExploreQuery.input, Awaited<ReturnType<typeof auditExploreQuery.run>>>>> = await runQuery(auditExploreQuery, { ...filter, sort, ...(after ? { after } : {}) }, staffOptions(t.db, clock, member));
    if (!result.ok) throw new Error(`${result.code} ${JSON.stringify(result.fieldErrors)}`);
    if (total < 0) total = result.data.total.count;
    ids.push(...result.data.rows.map((r) => r.id));
    after = result.data.next;
    if (!after) break;
  }
  return { ids, total };
}

describe("filters against the plain truth", () => {
  const cases: Array<Record<string, string>> = [
    {},
    { from: "2026-11-22" },
    { to: "2026-11-21" },
    { from: "2026-11-21T12:00", to: "2026-11-22T06:30" },
    { role: "teller" },
    { role: "teller", from: "2026-11-22", to: "2026-11-22" },
    { action: "token.issue" },
    { outcome: "refused" },
    { outcome: "error", channel: "desk" },
    { outcome: "error", from: "2026-11-21T12:00" },
    { channel: "api" },
    { channel: "system" },
    { action: "customer.view", outcome: "success", from: "2026-11-22" },
  ];
  it.each(cases.map((c) => ({ name: JSON.stringify(c), c })))("$name", async ({ c }) => {
    const maps = { contract: await contractOf(), serial: await serialOf() };
    const expected = (await truth()).filter((e) => matches(e, c as AuditFilter, maps)).sort(newestFirst).map((e) => e.id);
    const { ids, total } = await allPages(people.auditor, c);
    expect(ids).toEqual(expected);
    expect(total).toBe(expected.length);
    const asc = await allPages(people.auditor, c, "asc");
    expect(asc.ids).toEqual([...expected].reverse());
  });

  it("staff member (and their refusals or errors), contract ID and token serial", async () => {
    const maps = { contract: await contractOf(), serial: await serialOf() };
    const tellers = [{ staff: people.teller.staffId }, { staff: people.teller.staffId, outcome: "refused" as const }, { staff: people.teller.staffId, outcome: "error" as const, from: "2026-11-21" }];
    for (const c of [...tellers, { contract: contracts[0]! }, { serial: serials[1]! }, { contract: "7999999990" }]) {
      const expected = (await truth()).filter((e) => matches(e, c, maps)).sort(newestFirst).map((e) => e.id);
      expect((await allPages(people.auditor, c)).ids, JSON.stringify(c)).toEqual(expected);
    }
  });

  it("JST day boundaries: 2026/11/22 starts at 2026-11-21T15:00Z", async () => {
    const boundary = (await truth()).find((e) => e.occurredAt.getTime() === MIDNIGHT)!;
    const before = (await truth()).find((e) => e.occurredAt.getTime() === MIDNIGHT - 1)!;
    const day22 = (await allPages(people.auditor, { from: "2026-11-22", to: "2026-11-22" })).ids;
    expect(day22).toContain(boundary.id);
    expect(day22).not.toContain(before.id);
    const day21 = (await allPages(people.auditor, { from: "2026-11-21", to: "2026-11-21" })).ids;
    expect(day21).toContain(before.id);
    expect(day21).not.toContain(boundary.id);
    // A time is read as Japan time too: 00:00 on the 22nd is the boundary itself.
    expect((await allPages(people.auditor, { from: "2026-11-22T00:00", to: "2026-11-22T00:01" })).ids).toContain(boundary.id);
  });

  it("words in the reason or the call memo, with LIKE's wildcards taken literally", async () => {
    const maps = { contract: await contractOf(), serial: await serialOf() };
    for (const text of ["住所変更", "100%", "HYPERLINK", "%"]) {
      const expected = (await truth()).filter((e) => matches(e, { text }, maps)).sort(newestFirst).map((e) => e.id);
      expect((await allPages(people.auditor, { text })).ids, text).toEqual(expected);
    }
    const oneDay = { text: "折り返し", from: "2026-11-22", to: "2026-11-22" };
    const expected = (await truth()).filter((e) => matches(e, oneDay, maps)).sort(newestFirst).map((e) => e.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(await allPages(people.auditor, oneDay)).toEqual({ ids: expected, total: expected.length });
  });

  it("refuses a malformed filter field by field", async () => {
    const result: Awaited<ReturnType<typeof runQuery<typeof auditExploreQuery.input, Awaited<ReturnType<typeof auditExploreQuery.run>>>>> = await runQuery(auditExploreQuery, { contract: "12ab", from: "2026-13-01", outcome: "maybe" }, staffOptions(t.db, clock, people.auditor));
    expect(result).toMatchObject({ ok: false, code: "invalid_input" });
    expect(Object.keys((result as { fieldErrors: object }).fieldErrors).sort()).toEqual(["contract", "from", "outcome"]);
  });
});

describe("keyset paging", () => {
  it("never repeats or skips a row while events are being appended", async () => {
    const { where } = await resolveFilter(t.db, {}, null);
    const snapshot = (await truth()).map((e) => e.id);
    const seen: number[] = [];
    let after: string | undefined;
    let appended = 0;
    for (;;) {
      const page = await explorePage(t.db, where, { sort: "desc", after }, 23);
      seen.push(...page.rows.map((r) => r.id));
      // Another desk keeps working: newer events arrive between every two pages.
      await t.db.transaction((tx) => appendAuditEvent(tx, { actor: { type: "system", id: "paging-test", role: "system" }, action: "customer.view", outcome: "success" }, { channel: "cli" }, new Date(Date.parse("2026-11-23T00:00:00Z") + appended++)));
      if (!page.next) break;
      after = page.next;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort((a, b) => a - b)).toEqual([...snapshot].sort((a, b) => a - b));
  });

  it("goes back a page with `before` to exactly the page it came from", async () => {
    const { where } = await resolveFilter(t.db, {}, null);
    const first = await explorePage(t.db, where, { sort: "desc" }, 20);
    const second = await explorePage(t.db, where, { sort: "desc", after: first.next! }, 20);
    const back = await explorePage(t.db, where, { sort: "desc", before: second.previous! }, 20);
    expect(back.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(back.previous).toBeNull();
  });
});

describe("a supervisor's team and masking", () => {
  it("lists only operators', tellers' and the supervisor's own events, and opens no other", async () => {
    const all = await truth();
    const expected = all
      .filter((e) => e.actorRole === "operator" || e.actorRole === "teller" || (e.actorType === "staff" && e.actorId === people.supervisor.staffId))
      .sort(newestFirst)
      .map((e) => e.id);
    expect((await allPages(people.supervisor, {})).ids).toEqual(expected);
    const foreign = all.find((e) => e.actorId === people.otherSupervisor.staffId)!;
    expect(await runQuery(auditEventQuery, { id: String(foreign.id) }, staffOptions(t.db, clock, people.supervisor))).toMatchObject({ ok: false, code: "not_found" });
    expect(await runQuery(auditEventQuery, { id: String(foreign.id) }, staffOptions(t.db, clock, people.auditor))).toMatchObject({ ok: true });
  });

  it("masks IP addresses and call memos, and an event page names people and shows its seal and call", async () => {
    const event = (await truth()).find((e) => typeof e.details.memo === "string" && e.details.memo.includes("090-1234") && e.actorRole === "operator")!;
    const result = await runQuery(auditEventQuery, { id: String(event.id) }, staffOptions(t.db, clock, people.auditor));
    if (!result.ok) throw new Error(result.code);
    const page = JSON.stringify(result.data);
    expect(page).not.toContain("090-1234");
    expect(page).not.toContain(event.ip!);
    expect(page).not.toContain(people.operator.staffId);
    expect(result.data.event.actorName).toBe("Test explorer.operator");
    expect(result.data.event.ip).toMatch(/^198\.51\.100\.\*$/);
    expect(result.data.revealable.map((r) => r.field).sort()).toEqual(["details.memo", "ip", "userAgent"]);
    expect(result.data.event.seq).toBeNull();
    // The same request id: the events generated together.
    expect(result.data.neighbours.length).toBeGreaterThan(0);
    expect(result.data.neighbours.every((n) => n.requestId === event.requestId || n.customer !== null)).toBe(true);
  });
});

describe("reveal", () => {
  it("shows an auditor the one value asked for and records who, which value and why — never the value", async () => {
    const event = (await truth()).find((e) => typeof e.details.memo === "string" && e.details.memo.includes("090-1234"))!;
    const result = await executeAction(revealAuditValue, { eventId: String(event.id), field: "details.memo", reason: "苦情調査のため内容を確認" }, staffOptions(t.db, clock, people.auditor));
    if (!result.ok) throw new Error(result.message);
    expect(result.data.value).toBe(event.details.memo);
    const recorded = await auditEventAt(t.db, result.auditEventId);
    expect(recorded).toMatchObject({ action: "audit.reveal", outcome: "success", actorId: people.auditor.staffId, reason: "苦情調査のため内容を確認", customerId: event.customerId });
    expect(recorded.details).toMatchObject({ eventId: event.id, field: "details.memo" });
    expect(JSON.stringify(recorded)).not.toContain("090-1234");
  });

  it("refuses a supervisor (audited) and a field the event does not have", async () => {
    const event = (await truth()).find((e) => e.actorRole === "operator" && e.ip)!;
    const refused = await executeAction(revealAuditValue, { eventId: String(event.id), field: "ip", reason: "確認のため" }, staffOptions(t.db, clock, people.supervisor));
    expect(refused).toMatchObject({ ok: false, code: "forbidden" });
    expect(await auditEventAt(t.db, (refused as { auditEventId: number }).auditEventId)).toMatchObject({ action: "audit.reveal", outcome: "denied", actorId: people.supervisor.staffId });
    const missing = await executeAction(revealAuditValue, { eventId: String(event.id), field: "details.result", reason: "確認のため" }, staffOptions(t.db, clock, people.auditor));
    expect(missing).toMatchObject({ ok: false, code: "not_found" });
  });
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return Buffer.concat(chunks);
    chunks.push(Buffer.from(value));
  }
}

describe("export", () => {
  it("writes exactly the filtered events as CSV with a BOM, visible columns only, formulas neutralised — and is audited", async () => {
    const filter = { outcome: "refused", from: "2026-11-21" };
    const columns = ["id", "occurredAt", "action", "reason", "customer"] as const;
    const start = await runQuery(auditExportQuery, { ...filter, columns, format: "csv" }, staffOptions(t.db, clock, people.auditor));
    if (!start.ok) throw new Error(start.code);
    const bytes = await readAll(exportStream(t.db, start.data.where, { sort: "desc", columns: [...columns], format: "csv", t: ja, batchSize: 17 }));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes, { bom: true, columns: true, relax_quotes: false }) as Array<Record<string, string>>;
    const maps = { contract: await contractOf(), serial: await serialOf() };
    const expected = (await truth()).filter((e) => matches(e, filter as AuditFilter, maps)).sort(newestFirst);
    expect(records.map((r) => Number(r["イベント番号"]))).toEqual(expected.map((e) => e.id));
    // Written in the grid's order, whatever order the columns were asked in.
    expect(Object.keys(records[0]!)).toEqual(["イベント番号", "日時 (JST)", "操作", "契約者ID", "理由"]);
    expect(start.data.total).toBe(expected.length);
    // Every cell a spreadsheet would run starts with a quote; ordinary text is untouched.
    const byId = new Map(expected.map((e) => [e.id, e]));
    for (const r of records) {
      const reason = byId.get(Number(r["イベント番号"]))!.reason;
      if (reason === null) expect(r["理由"]).toBe("");
      else if (/^[=+\-@\t\r]/.test(reason)) expect(r["理由"]).toBe(`'${reason}`);
      else expect(r["理由"]).toBe(reason);
    }
    expect(records.some((r) => r["理由"] === "'=HYPERLINK(\"http://x\")")).toBe(true);
    const recorded = await auditEventAt(t.db, (await t.db.select({ id: sql<number>`max(id)` }).from(auditEvents).where(eq(auditEvents.action, "audit.export")))[0]!.id);
    expect(recorded).toMatchObject({ action: "audit.export", outcome: "success", actorId: people.auditor.staffId });
    expect(recorded.details).toMatchObject({ filter, columns: [...columns], format: "csv", rows: expected.length });
  });

  it("writes JSON Lines; a text filter is recorded only as present; supervisors may not export", async () => {
    const start = await runQuery(auditExportQuery, { text: "住所変更", columns: ["id", "memo"], format: "jsonl" }, staffOptions(t.db, clock, people.auditor2));
    if (!start.ok) throw new Error(start.code);
    const lines = (await readAll(exportStream(t.db, start.data.where, { sort: "asc", columns: ["id", "memo"], format: "jsonl", t: ja }))).toString("utf8").trim().split("\n").map((l) => JSON.parse(l) as { id: number; memo: string });
    const maps = { contract: await contractOf(), serial: await serialOf() };
    const expected = (await truth()).filter((e) => matches(e, { text: "住所変更" }, maps)).sort(newestFirst).reverse();
    expect(lines.map((l) => l.id)).toEqual(expected.map((e) => e.id));
    expect(lines.every((l) => !l.memo.includes("住所"))).toBe(true);
    const [recorded] = await t.db.select().from(auditEvents).where(eq(auditEvents.actorId, people.auditor2.staffId)).orderBy(sql`id desc`).limit(1);
    expect(recorded).toMatchObject({ action: "audit.export", details: { filter: { text: true }, rows: expected.length, format: "jsonl" } });
    expect(JSON.stringify(recorded)).not.toContain("住所変更");
    expect(await runQuery(auditExportQuery, { columns: ["id"], format: "csv" }, staffOptions(t.db, clock, people.supervisor))).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("stops reading when the download is cancelled", async () => {
    const { where } = await resolveFilter(t.db, {}, null);
    const reader = exportStream(t.db, where, { sort: "desc", columns: [...explorerColumns], format: "csv", t: ja, batchSize: 10 }).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    // The database is still usable at once: nothing was left half-read.
    expect((await truth()).length).toBeGreaterThan(0);
    // Every pooled connection answers (one stuck mid-export would hang here), and no export is left running.
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => t.db.execute(sql`select ${i}::int as i`)));
    expect(answers).toHaveLength(8);
    if (process.env.DATABASE_URL) {
      const running = await t.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state <> 'idle' and query like 'copy (%'`);
      expect(Number((running as unknown as Array<{ n: number }>)[0]!.n)).toBe(0);
    }
  });

  it("writes every cell as the explorer's grid shows it: words, JST seconds, masked details, seal numbers", async () => {
    // Seal the older half, so the export shows sequence numbers and blanks for the rest.
    await sealPending(t.db, 200, () => new Date(clock.now()));
    const { where } = await resolveFilter(t.db, {}, null);
    const columns = [...explorerColumns];
    const exported = (await readAll(exportStream(t.db, where, { sort: "desc", columns, format: "jsonl", t: ja, batchSize: 37 }))).toString("utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    const expected = (await gridRows(t.db, where)).map((row) => gridExportRow(row, ja));
    expect(exported).toEqual(expected);
    expect(exported.some((r) => typeof r.seq === "number") && exported.some((r) => r.seq === null)).toBe(true);
    // The millisecond before JST midnight is still the day before: seconds are cut, not rounded.
    expect(exported.some((r) => r.occurredAt === "2026/11/21 23:59:59")).toBe(true);
    expect(exported.some((r) => typeof r.memo === "string" && r.memo.startsWith("••••"))).toBe(true);
    expect(JSON.stringify(exported)).not.toContain("090-1234");
  });
});

describe("values written into an export statement", () => {
  it("read back exactly as given, whatever quotes and backslashes they hold", async () => {
    const hostile = ["O'Reilly", "\\'; drop table audit_events; --", "\\", "'", "''", "$1", "改行\nタブ\t", "E'x'", "\\N"];
    for (const value of hostile) {
      const rows = await t.db.execute(sql.raw(`select ${withLiterals(sql`${value}`)}::text as v`));
      const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: Array<{ v: string }> }).rows;
      expect((list as Array<{ v: string }>)[0]!.v).toBe(value);
    }
    // COPY's text format: tab between fields, backslash escapes, \N alone for NULL.
    expect(copyFields("a\tb\\\\c\t\\\\N\t\\N\t\\n")).toEqual(["a", "b\\c", "\\N", null, "\n"]);
  });
});
