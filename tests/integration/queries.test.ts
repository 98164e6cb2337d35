import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import { demoCustomers } from "@/db/seed/demo-data";
import { executeAction } from "@/lib/actions/execute";
import { runQuery } from "@/lib/actions/query";
import { viewCustomer } from "@/lib/actions/customers/view-customer";
import { deskHomeQuery } from "@/lib/audit/queries";
import { integrityQuery } from "@/lib/audit/workspace-queries";
import { searchCustomersQuery } from "@/lib/customers/queries";
import { staffListQuery } from "@/lib/staff/queries";
import { fixedClock } from "@/lib/time/clock";
import { sealEverything } from "@/tests/fixtures/audit";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { importCustomers } from "@/tests/fixtures/customers";
import { auditEventAt, createSignedInStaff, maxEventId, staffOptions, webMeta, type Member } from "@/tests/fixtures/staff";

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:00.000Z");
const yamada = demoCustomers(1)[0]!; // 山田 太郎, 090-1234-5678
let operator: Member;
let auditor: Member;
let yamadaId: string;

beforeAll(async () => {
  t = await createTestDb();
  [yamadaId] = (await importCustomers(t.db, clock, [yamada])) as [string];
  operator = await createSignedInStaff(t.db, clock, "operator.query", "operator");
  auditor = await createSignedInStaff(t.db, clock, "auditor.query", "auditor");
});
afterAll(async () => t?.close());

const events = async () => (await t.db.select({ n: count() }).from(auditEvents))[0]!.n;

describe("the query path refuses as the action path does, and audits each refusal", () => {
  it("no session: unauthenticated, recorded as a denied anonymous read", async () => {
    const result = await runQuery(searchCustomersQuery, { kind: "phone", query: yamada.phone }, { db: t.db, clock, actor: { type: "anonymous" }, meta: webMeta });
    expect(result).toMatchObject({ ok: false, code: "unauthenticated", message: "セッションが切れています。もう一度サインインしてください。" });
    const event = await auditEventAt(t.db, result.ok ? undefined : result.auditEventId);
    expect(event).toMatchObject({ action: "customer.search", outcome: "denied", actorType: "anonymous", channel: "web" });
    expect(event.details).toMatchObject({ stage: "authenticate" });
  });

  it("a role without the permission: forbidden, recorded with the permission, nothing read", async () => {
    const result = await runQuery(searchCustomersQuery, { kind: "phone", query: yamada.phone }, staffOptions(t.db, clock, auditor));
    expect(result).toEqual({ ok: false, code: "forbidden", message: "この操作を行う権限がありません。", auditEventId: expect.any(Number) });
    const event = await auditEventAt(t.db, result.ok ? undefined : result.auditEventId);
    expect(event).toMatchObject({ action: "customer.search", outcome: "denied", actorId: auditor.staffId, actorRole: "auditor" });
    expect(event.details).toMatchObject({ stage: "permission", permission: "customer.search" });
  });

  it("invalid input: field errors keyed by field, recorded as invalid without the values", async () => {
    const result = await runQuery(searchCustomersQuery, { kind: "nope", query: "山田\u0000" }, staffOptions(t.db, clock, operator));
    expect(result).toMatchObject({ ok: false, code: "invalid_input" });
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["kind", "query"]);
    const event = await auditEventAt(t.db, result.auditEventId);
    expect(event).toMatchObject({ action: "customer.search", outcome: "invalid" });
    expect(JSON.stringify(event)).not.toContain("山田");
  });
});

describe("audited reads", () => {
  it("a search that shows customers records its kind and hit count, never the term", async () => {
    const before = await maxEventId(t.db);
    const result = await runQuery(searchCustomersQuery, { kind: "phone", query: "090-1234-5678" }, staffOptions(t.db, clock, operator));
    expect(result).toMatchObject({ ok: true, data: { status: "ok", total: 1, rows: [{ nameKanji: "山田 太郎", phoneMasked: "090-****-5678" }] } });
    expect(await maxEventId(t.db)).toBe(before + 1);
    const event = await auditEventAt(t.db, before + 1);
    expect(event).toMatchObject({ action: "customer.search", outcome: "success", actorId: operator.staffId, channel: "web" });
    expect(event.details).toEqual({ kind: "phone", hits: 1 });
    const row = JSON.stringify(event);
    for (const term of ["090-1234-5678", "09012345678", "1234-5678"]) expect(row).not.toContain(term);
  });

  it("a search that finds nobody is still recorded, with 0 hits", async () => {
    const before = await maxEventId(t.db);
    const result = await runQuery(searchCustomersQuery, { kind: "name", query: "存在しない名前" }, staffOptions(t.db, clock, operator));
    expect(result).toMatchObject({ ok: true, data: { status: "ok", total: 0 } });
    expect((await auditEventAt(t.db, before + 1)).details).toEqual({ kind: "name", hits: 0 });
  });

  it("a search that cannot run (too short) revealed nothing and records nothing", async () => {
    const before = await events();
    const result = await runQuery(searchCustomersQuery, { kind: "name", query: "や" }, staffOptions(t.db, clock, operator));
    expect(result).toMatchObject({ ok: true, data: { status: "tooShort" } });
    expect(await events()).toBe(before);
  });

  it("a read that is not audited (the integrity page) records nothing when it is allowed", async () => {
    // Sealed first, so the page's newest sealed event is the newest event.
    await sealEverything(t.db);
    const before = await events();
    const result = await runQuery(integrityQuery, {}, staffOptions(t.db, clock, auditor));
    expect(result).toMatchObject({ ok: true, data: { head: { seq: before }, lag: { unsealed: 0 } } });
    expect(await events()).toBe(before);
  });
});

it("the home page's own history names the customer it touched by contract ID, never by UUID", async () => {
  expect(await executeAction(viewCustomer, { customerId: yamadaId }, staffOptions(t.db, clock, operator))).toMatchObject({ ok: true });
  const result = await runQuery(deskHomeQuery, {}, staffOptions(t.db, clock, operator));
  if (!result.ok) throw new Error(result.message);
  expect(result.data.events.find((e) => e.action === "customer.view")?.target).toBe(yamada.contractId);
  for (const event of result.data.events) expect(event.target ?? "").not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
});

it("the staff list is the admins' and never carries hashes or secrets", async () => {
  const admin = await createSignedInStaff(t.db, clock, "admin.query", "admin");
  const result = await runQuery(staffListQuery, {}, staffOptions(t.db, clock, admin));
  expect(result).toMatchObject({ ok: true, data: { currentStaffId: admin.staffId } });
  const text = JSON.stringify(result);
  expect(text).toContain("operator.query");
  expect(text).not.toMatch(/hash|totp|secret/i);
});
