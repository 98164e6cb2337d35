import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Papa from "papaparse";
import { eq } from "drizzle-orm";
import { apiClients } from "@/db/schema";
import { appendAuditEvent, type AuditActor } from "@/lib/audit/append";
import { detailLine } from "@/lib/audit/details";
import { explorerColumns, readEventDetails, resolveFilter } from "@/lib/audit/explorer";
import { exportStream } from "@/lib/audit/export";
import { sealPending } from "@/lib/audit/sequencer";
import { createTranslator, type Translate } from "@/lib/i18n/translate";
import { fixedClock } from "@/lib/time/clock";
import { createClient } from "@/tests/fixtures/api-clients";
import { gridExportRow, gridRows } from "@/tests/fixtures/audit-grid";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { createStaffMember } from "@/tests/fixtures/staff";
import { issue } from "@/tests/fixtures/tokens";

/**
 * The export renders its cells in the database (and on PostgreSQL writes the whole file with
 * COPY); the grid renders them in the browser's data layer. Every shape of stored details an
 * action can write, every kind of actor and address, must read the same in both.
 */
let t: TestDb;
let requester = "";
const clock = fixedClock("2026-11-22T05:00:00.000Z");
const ja = createTranslator("ja");
const en = createTranslator("en");

const DETAILS: Array<Record<string, unknown>> = [
  {},
  { result: "ok", n: 5 },
  { ratio: 0.1, big: 123456789012, negative: -3, zero: 0, on: true, off: false, none: null },
  { before: { role: "operator", email: "taro@example.jp" }, after: { role: "supervisor", phone: "090-1234-5678" } },
  { empty: {}, deep: { a: { b: { c: "d" } } } },
  { list: [], tags: ["a", "b"], notices: [{ noticeId: 1, kind: "mail", recipient: "hanako@example.jp" }, { noticeId: 2, address: "東京都千代田区" }] },
  { grid: [[1, 2], [3]], mixed: [null, 1, "x", { a: null }], records: [{}, { memo: "内線 1234" }] },
  { phone: 12345678, email: null, address: { city: "札幌" }, body: ["本文"], subject: "件名です" },
  { phone: "12-34", email: "nobody", recipient: "@example.jp" },
  { Phone: "0901234567", EMAIL: "A@b.jp", Memo: "大文字の鍵" },
  { memo: "絵文字 😀 を含む", result: "ok" },
  { memo: 42 },
  { memo: null, result: "ok" },
  { memo: { text: "x" } },
  { call: { memo: "入れ子のメモ", phone: "03-1234-5678" } },
  { "=cmd": 1 },
  { note: 'a,b "c"\nd\te', path: "C:\\temp\\x" },
  { "-minus": "x", "@at": "y" },
  { verified: true },
  { stage: "run", errorCode: "not_found" },
];
const IPS = ["198.51.100.7", "2001:db8::1", "::1", "fe80:1", "garbage", "10.0.0", "", null];
const REASONS = ['=HYPERLINK("http://x")', "+81 call back", "-5 adjustment", "@SUM(A1)", "\tindented", "\rcarriage", "普通の理由, カンマ \"引用\"", "改行\nあり", null];

beforeAll(async () => {
  // Made-up details on real event types: the point is every shape the cells must survive.
  t = await createTestDb({ handMadeEvents: true });
  const named = await createStaffMember(t.db, clock, { loginId: "cells.named", role: "operator", displayName: '山田 "太郎", 本店' });
  requester = named;
  const formula = await createStaffMember(t.db, clock, { loginId: "cells.formula", role: "teller", displayName: "-佐藤 花子" });
  await createClient(t.db, clock, "cells-client");
  const [client] = await t.db.select({ id: apiClients.id }).from(apiClients).where(eq(apiClients.name, "cells-client"));
  const issued = await issue(t.db, clock);
  const actors: AuditActor[] = [
    { type: "staff", id: named, role: "operator" },
    { type: "staff", id: formula, role: "teller" },
    { type: "staff", id: "not-a-uuid", role: "operator" },
    { type: "api_client", id: client!.id, role: "api_client" },
    { type: "api_client", id: "00000000-0000-4000-8000-000000000000", role: "api_client" },
    { type: "system", id: "notice-worker", role: "system" },
    { type: "system", id: "", role: "system" },
    { type: "anonymous", id: "someone", role: null },
  ];
  await t.db.transaction(async (tx) => {
    let i = 0;
    for (const details of DETAILS) {
      for (const actor of actors) {
        await appendAuditEvent(
          tx,
          {
            actor,
            action: i % 7 === 0 ? "not.in.catalogue" : "customer.view",
            outcome: i % 5 === 0 ? "denied" : "success",
            reason: REASONS[i % REASONS.length]!,
            customerId: i % 2 ? issued.customerId : null,
            tokenId: i % 3 ? issued.tokenId : null,
            targetStaffId: i % 4 === 0 ? named : null,
            details,
          },
          { channel: actor.type === "api_client" ? "api" : i % 2 ? "web" : "cli", ip: IPS[i % IPS.length] ?? null, userAgent: "vitest", requestId: i % 6 === 0 ? "-r" : `cells-${i}` },
          new Date(Date.parse("2026-11-20T00:00:00Z") + i * 61_000),
        );
        i++;
      }
    }
  });
  // Real event types as their actions write them: a four-eyes approval naming its requester, a
  // reset with its deadline, and a refusal, each said in words.
  const supervisor = await createStaffMember(t.db, clock, { loginId: "cells.supervisor", role: "supervisor", displayName: "鈴木 一郎" });
  await t.db.transaction(async (tx) => {
    const actor: AuditActor = { type: "staff", id: supervisor, role: "supervisor" };
    const meta = { channel: "web" as const, ip: "198.51.100.7", userAgent: "vitest", requestId: "real-1" };
    const at = new Date("2026-11-22T05:05:00Z");
    await appendAuditEvent(tx, {
      actor, action: "approval.approve", outcome: "success", reason: "書類を確認した", customerId: issued.customerId, tokenId: issued.tokenId,
      details: { requestId: "5d0c1e2a-0000-4000-8000-00000000000a", kind: "replacement", requestedBy: named, notices: 1, serial: "10000001", newTokenId: "5d0c1e2a-0000-4000-8000-00000000000b", newSerial: "10000002", delivery: "letter" },
    }, meta, at);
    await appendAuditEvent(tx, {
      actor, action: "token.reset_activation", outcome: "success", reason: "ロックの解除", customerId: issued.customerId, tokenId: issued.tokenId,
      details: { serial: "10000001", notices: 1, before: { status: "activation_locked", activationFailures: 5 }, after: { status: "pending_activation", activationFailures: 0 }, delivery: "counter_slip", activationDeadline: "2027-01-06T17:41:52.402Z" },
    }, meta, at);
    await appendAuditEvent(tx, { actor, action: "approval.approve", outcome: "denied", reason: null, details: { stage: "run", errorCode: "not_found" } }, meta, at);
  });
  // The older part sealed: sequence numbers beside blanks.
  await sealPending(t.db, DETAILS.length * 4, () => new Date(clock.now()));
}, 120_000);
afterAll(async () => t?.close());

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return Buffer.concat(chunks).toString("utf8");
    chunks.push(Buffer.from(value));
  }
}

/** What papaparse writes for a cell: a formula neutralised, a number as digits, nothing for null. */
const csvCell = (v: string | number | null) => (v === null ? "" : typeof v === "number" ? String(v) : /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

async function expectGridParity(db: TestDb["db"], translate: Translate) {
  const { where } = await resolveFilter(t.db, {}, null);
  const columns = [...explorerColumns];
  const expected = (await gridRows(t.db, where)).map((row) => gridExportRow(row, translate));
  expect(expected.length).toBeGreaterThan(DETAILS.length * 8);

  const jsonl = await readAll(exportStream(db, where, { sort: "desc", columns, format: "jsonl", t: translate, batchSize: 29 }));
  expect(jsonl.endsWith("\n")).toBe(true);
  expect(jsonl.trimEnd().split("\n").map((line) => JSON.parse(line) as unknown)).toEqual(expected);

  const csv = await readAll(exportStream(db, where, { sort: "desc", columns, format: "csv", t: translate, batchSize: 29 }));
  expect(csv.startsWith("\uFEFF")).toBe(true);
  // Every line ends in CRLF; a line break inside a cell stays as the cell had it.
  expect(csv.endsWith("\r\n")).toBe(true);
  const parsed = Papa.parse<string[]>(csv.slice(1), { newline: "\r\n" });
  expect(parsed.errors).toEqual([]);
  const [header, ...rows] = parsed.data.slice(0, -1);
  expect(header).toEqual(columns.map((c) => translate(`auditExplorer.columns.${c}`)));
  expect(rows).toEqual(expected.map((row) => columns.map((c) => csvCell(row[c]!))));
  return expected;
}

describe("export cells", () => {
  it("write every column exactly as the grid shows it, in Japanese", async () => {
    const expected = await expectGridParity(t.db, ja);
    // The shapes under test are really there: masked values, nested paths, lists of records.
    const details = expected.map((r) => String(r.details));
    for (const part of [
      "その他の記録（before.email）: t***@example.jp",
      "その他の記録（after.phone）: 090-****-5678",
      "h***@example.jp",
      "•••• (7)",
      "その他の記録（call.memo）: •••• (6)",
      "その他の記録（phone）: ****",
      "その他の記録（email）: ***",
      "その他の記録（ratio）: 0.1",
      "その他の記録（none）: —",
      "本人確認済み: はい",
    ]) {
      expect(details.some((d) => d.includes(part)), part).toBe(true);
    }
    expect(expected.some((r) => r.memo === "•••• (9)")).toBe(true);
    expect(expected.some((r) => r.ip === "2001:db8:*") && expected.some((r) => r.ip === "::*") && expected.some((r) => r.ip === "*")).toBe(true);
    expect(expected.some((r) => r.actor === '山田 "太郎", 本店') && expected.some((r) => r.actor === "-佐藤 花子")).toBe(true);
    expect(JSON.stringify(expected)).not.toMatch(/090-1234|taro@|hanako@|東京都|内線/);
  });

  it("write the details alone, and any columns asked in another order, as the grid orders them", async () => {
    const { where } = await resolveFilter(t.db, {}, null);
    const expected = (await gridRows(t.db, where)).map((row) => gridExportRow(row, ja));
    const jsonl = await readAll(exportStream(t.db, where, { sort: "desc", columns: ["details"], format: "jsonl", t: ja }));
    expect(jsonl.trimEnd().split("\n").map((line) => JSON.parse(line) as unknown)).toEqual(expected.map((row) => ({ details: row.details })));
    const csv = await readAll(exportStream(t.db, where, { sort: "desc", columns: ["details", "memo", "id"], format: "csv", t: ja }));
    const [header, ...rows] = Papa.parse<string[]>(csv.slice(1), { newline: "\r\n" }).data.slice(0, -1);
    expect(header).toEqual([ja("auditExplorer.columns.id"), ja("auditExplorer.columns.memo"), ja("auditExplorer.columns.details")]);
    expect(rows).toEqual(expected.map((row) => [csvCell(row.id ?? null), csvCell(row.memo ?? null), csvCell(row.details ?? null)]));
  });

  it("say real events as an auditor reads them: names, words and JST times, no id, key or ISO time", async () => {
    for (const [translate, words] of [
      [ja, ["依頼者: 山田 \"太郎\", 本店", "種別: トークン再発行", "利用開始パスワードの受け渡し: 登録住所へ郵送する", "承認の依頼: 依頼（記録なし）", "利用開始の期限: 2027/01/07 02:41", "変更後 › 状態: 利用開始前", "段階: 実行; エラー種別: 対象が見つからない"]],
      [en, ["Requested by: 山田 \"太郎\", 本店", "Kind: Token replacement", "Activation deadline: 2027/01/07 02:41", "Stage: Run; Error: Not found"]],
    ] as const) {
      const { where } = await resolveFilter(t.db, { role: "supervisor" }, null);
      const csv = await readAll(exportStream(t.db, where, { sort: "asc", columns: ["occurredAt", "actor", "role", "action", "details"], format: "csv", t: translate }));
      const [, ...rows] = Papa.parse<string[]>(csv.slice(1), { newline: "\r\n" }).data.slice(0, -1);
      expect(rows).toHaveLength(3);
      for (const row of rows) {
        expect(row[0]).toBe("2026/11/22 14:05:00");
        expect(row[2]).toBe(translate("roles.supervisor"));
      }
      const text = rows.map((r) => r[4]).join("\n");
      for (const word of words) expect(text).toContain(word.replaceAll('\\"', '"'));
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|requestedBy|errorCode|pending_activation|counter_slip|\d{4}-\d{2}-\d{2}T|[{}]/);
      expect(text).not.toContain(requester);
    }
  });

  it("read a list of events' details in the same words, for one-line summaries", async () => {
    const [fields] = await readEventDetails(t.db, [{ action: "approval.approve", outcome: "success", details: { requestId: "x", kind: "emergency_code", requestedBy: requester, notices: 1, memo: "内線 1234" } }]);
    expect(detailLine(fields!, ja)).toBe('承認の依頼: 依頼（記録なし）; 種別: 緊急用コード; 依頼者: 山田 "太郎", 本店; お客さまへの通知: 1');
  });

  it("in English too", async () => {
    await expectGridParity(t.db, en);
  });

  it.runIf(process.env.DATABASE_URL)("the same inside a transaction, where the export reads pages instead of one COPY", async () => {
    await t.db.transaction(async (tx) => {
      await expectGridParity(tx as unknown as TestDb["db"], ja);
    });
  });
});
