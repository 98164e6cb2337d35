import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { customers } from "@/db/schema";
import { seedDemo, BLOCKED_DEMO_INDEX } from "@/db/seed/seed";
import { demoCustomers } from "@/db/seed/demo-data";
import { executeAction } from "@/lib/actions/execute";
import { viewCustomer } from "@/lib/actions/customers/view-customer";
import { activateTokenAction } from "@/lib/actions/tokens/activate-token";
import { verifyCallerByPhone } from "@/lib/actions/verification/verify-caller-by-phone";
import type { DeskHistoryLine } from "@/lib/customers/history";
import { keptValues } from "@/lib/actions/form";
import { verifyCallerByPhoneInput } from "@/lib/verification/schemas";
import { MINUTE, fixedClock } from "@/lib/time/clock";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { historyText } from "@/tests/fixtures/history-text";
import { activeToken, issue } from "@/tests/fixtures/tokens";
import { createSignedInStaff, staffOptions, type Member } from "@/tests/fixtures/staff";

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:00.000Z");
const records = demoCustomers(8);
let operator: Member;

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db, { customers: records.length, clock });
  operator = await createSignedInStaff(t.db, clock, "operator.history", "operator");
});
afterAll(async () => t?.close());

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

async function customerId(index: number): Promise<string> {
  const [row] = await t.db.select({ id: customers.id }).from(customers).where(eq(customers.contractId, records[index]!.contractId));
  return row!.id;
}

async function history(id: string): Promise<DeskHistoryLine[]> {
  const result = await executeAction(viewCustomer, { customerId: id }, staffOptions(t.db, clock, operator));
  if (!result.ok) throw new Error(result.code);
  return result.data.history.lines;
}

describe("the customer's history", () => {
  it("names who verified the caller, with their role, the call memo and the ticket", async () => {
    const id = await customerId(0);
    const c = records[0]!;
    const verified = await executeAction(
      verifyCallerByPhone,
      { customerId: id, name: c.nameKana, birthDate: c.birthDate, phone: c.phone, branchCode: c.branchCode, accountNumber: c.accountNumber, memo: "ログインできないとのお電話", ticket: "INQ-2026-0100" },
      staffOptions(t.db, clock, operator),
    );
    expect(verified).toMatchObject({ ok: true, data: { result: "passed" } });
    const rows = await history(id);
    expect(rows.find((r) => r.action === "verification.phone")).toMatchObject({ actorName: "Test operator.history", actorRole: "operator", memo: "ログインできないとのお電話", ticket: "INQ-2026-0100" });
    const text = historyText(rows);
    expect(text).toContain("Test operator.history（オペレーター）");
    expect(text).toContain("本人確認（電話）");
    expect(text).toContain("ログインできないとのお電話");
    expect(text).toContain("INQ-2026-0100");
    expect(text).toMatch(/2026\/11\/22 14:\d\d/);
    expect(text).not.toMatch(UUID);
    expect(text).not.toContain("{");
  });

  it("keeps the memo of a failed check with its event, and gives the form its memo and ticket back", async () => {
    const id = await customerId(1);
    const c = records[1]!;
    const answers = { customerId: id, name: c.nameKana, birthDate: "1901-01-01", phone: c.phone, branchCode: c.branchCode, accountNumber: c.accountNumber, otp: "12345678", memo: "生年月日が合わない", ticket: "INQ-7" };
    const failed = await executeAction(verifyCallerByPhone, answers, staffOptions(t.db, clock, operator));
    expect(failed).toMatchObject({ ok: true, data: { result: "failed" } });
    expect((await history(id)).find((r) => r.action === "verification.phone")).toMatchObject({ outcome: "failed", memo: "生年月日が合わない", ticket: "INQ-7" });
    const form = new FormData();
    for (const [k, v] of Object.entries(answers)) form.set(k, v);
    expect(keptValues(verifyCallerByPhoneInput, form, ["otp"])).toMatchObject({ memo: "生年月日が合わない", ticket: "INQ-7", birthDate: "1901-01-01" });
    expect(keptValues(verifyCallerByPhoneInput, form, ["otp"])).not.toHaveProperty("otp");
  });

  it("attributes the seeded demo events to who would really have done them", async () => {
    const rows = await history(await customerId(BLOCKED_DEMO_INDEX));
    const failures = rows.filter((r) => r.action === "verification.phone");
    expect(failures).toHaveLength(3);
    for (const row of failures) expect(row).toMatchObject({ actorType: "staff", actorName: "佐藤 美咲", actorRole: "operator", outcome: "failed" });
    expect(rows.find((r) => r.action === "demo.import_customer")).toMatchObject({ actorType: "system", actorName: "demo-seed" });
    const text = historyText(rows);
    expect(text).toContain("佐藤 美咲（オペレーター）");
    expect(text).toContain("システム（デモデータの作成）");
    expect(text).not.toMatch(UUID);
    expect(text).not.toContain("{");
    const english = historyText(rows, "en");
    expect(english).toContain("佐藤 美咲 (Operator)");
    expect(english).toContain("System (demo data set-up)");
  });

  it("shows a token-service call as the customer acting through their app, by the client's name", async () => {
    const apiKey = await createClient(t.db, clock, "bank-app");
    const token = await activeToken(t.db, clock, apiKey);
    const rows = await history(token.customerId);
    expect(rows.find((r) => r.action === "token_service.activate")).toMatchObject({ actorType: "api_client", actorName: "bank-app", actorRole: null });
    const text = historyText(rows);
    expect(text).toContain("お客さま（アプリ: bank-app）");
    expect(text).not.toMatch(UUID);
    expect(text).not.toContain("{");
  });

  it("shows a visit's page views as one line with its count and time span, and the S0C4 lock by its code", async () => {
    const apiKey = await createClient(t.db, clock, "lock-app");
    const token = await issue(t.db, clock);
    const wrong = token.activationPassword === "11111111" ? "22222222" : "11111111";
    for (let i = 0; i < 5; i++) await executeAction(activateTokenAction, { serviceId: token.serviceId, userId: token.userId, activationPassword: wrong }, apiOptions(t.db, clock, apiKey));
    for (let i = 0; i < 12; i++) {
      clock.advance(MINUTE);
      await history(token.customerId);
    }
    const result = await executeAction(viewCustomer, { customerId: token.customerId }, staffOptions(t.db, clock, operator));
    if (!result.ok) throw new Error(result.code);
    const text = historyText(result.data.history);
    // 05:0x JST 14:0x: the first view a minute after the lock, the twelfth eleven minutes later.
    expect(text).toMatch(/2026\/11\/22 14:\d\d〜14:\d\d 顧客情報の表示（12回） 成功 Test operator.history（オペレーター）/);
    expect(text).toContain("アプリの表示 S0C4（この失敗でロック）");
    expect(text.match(/トークン利用開始（アプリ）/g)).toHaveLength(5);
    expect(text).toContain("トークン発行");
    // The customer's import, the issue, five activations and the views: one page, no pager.
    expect(result.data.history).toMatchObject({ total: 8, pages: 1 });
    expect(text).not.toContain("ページ");
    expect(text).not.toMatch(UUID);
    expect(historyText(result.data.history, "en")).toContain("Customer viewed (12 times)");
  });
});
