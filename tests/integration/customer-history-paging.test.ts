import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeAction } from "@/lib/actions/execute";
import { activateTokenAction } from "@/lib/actions/tokens/activate-token";
import { viewCustomer } from "@/lib/actions/customers/view-customer";
import { MINUTE, fixedClock } from "@/lib/time/clock";

const SECOND = 1000;
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { historyText } from "@/tests/fixtures/history-text";
import { issue, type Issued } from "@/tests/fixtures/tokens";
import { createSignedInStaff, signInAgain, staffOptions, type Member } from "@/tests/fixtures/staff";

/**
 * The call history (応対履歴) on the customer page: every event of the customer can be paged to,
 * however often the page was opened, and the count it shows is the number of lines it pages through.
 */

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:00.000Z");
let apiKey: string;
let operator: Member;
let teller: Member;

beforeAll(async () => {
  t = await createTestDb();
  apiKey = await createClient(t.db, clock, "history-app");
  operator = await createSignedInStaff(t.db, clock, "history.operator", "operator");
  teller = await createSignedInStaff(t.db, clock, "history.teller", "teller");
});
afterAll(async () => t?.close());

async function open(member: Member, customerId: string, history: { historyPage?: number; historyAsOf?: number } = {}) {
  const result = await executeAction(viewCustomer, { customerId, ...history }, staffOptions(t.db, clock, member));
  if (!result.ok) throw new Error(`customer.view: ${result.code}`);
  return result.data.history;
}

/** Five wrong activation passwords: four S0C1, the fifth locks activation (S0C4). */
async function lockActivation(token: Issued) {
  const wrong = token.activationPassword === "11111111" ? "22222222" : "11111111";
  for (let i = 0; i < 5; i++) {
    clock.advance(5 * SECOND);
    await executeAction(activateTokenAction, { serviceId: token.serviceId, userId: token.userId, activationPassword: wrong }, apiOptions(t.db, clock, apiKey));
  }
}

describe("the call history of a customer whose page is opened again and again", () => {
  it("still lists the token issue and the S0C4 lock after 30 page views, the views folded per staff member", async () => {
    const token = await issue(t.db, clock);
    await lockActivation(token);
    // Two staff members open the page in turns during one call, 20 seconds apart.
    for (let i = 0; i < 30; i++) {
      clock.advance(20 * SECOND);
      await open(i % 2 === 0 ? operator : teller, token.customerId);
    }

    const first = await open(operator, token.customerId);
    expect(first.page).toBe(1);
    const lines = [...first.lines];
    for (let page = 2; page <= first.pages; page++) {
      const next = await open(operator, token.customerId, { historyPage: page, historyAsOf: first.asOf! });
      expect(next).toMatchObject({ page, pages: first.pages, total: first.total });
      lines.push(...next.lines);
    }

    // 「n / m ページ（全N件）」: N is exactly the lines the pages hold, each once.
    expect(lines).toHaveLength(first.total);
    expect(first.pages).toBe(Math.max(1, Math.ceil(first.total / first.pageSize)));
    expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length);

    expect(lines.filter((l) => l.action === "token.issue")).toMatchObject([{ outcome: "success", count: 1 }]);
    const activations = lines.filter((l) => l.action === "token_service.activate");
    expect(activations).toHaveLength(5);
    expect(activations.filter((l) => l.lockedNow)).toMatchObject([{ outcome: "failed", appError: "S0C4", count: 1 }]);
    expect(activations.filter((l) => l.appError === "S0C1")).toHaveLength(4);

    // The 30 views are two lines, one per staff member, each with its count and time span.
    const views = lines.filter((l) => l.action === "customer.view");
    expect(views.map((v) => [v.actorName, v.count])).toEqual([
      ["Test history.teller", 15],
      ["Test history.operator", 15],
    ]);
    const operatorViews = views[1]!;
    expect(new Date(operatorViews.occurredAt).getTime() - new Date(operatorViews.firstAt).getTime()).toBe(28 * 20 * SECOND);
    // Newest first: the views came after the lock, which came after the issue.
    const position = (l: { id: number }) => lines.indexOf(l as (typeof lines)[number]);
    expect(position(views[0]!)).toBeLessThan(position(activations[0]!));
    expect(position(activations.at(-1)!)).toBeLessThan(position(lines.find((l) => l.action === "token.issue")!));
  });

  it("pages to the last page, which is short and complete, and a page past the end shows the last", async () => {
    const token = await issue(t.db, clock);
    await lockActivation(token);
    // Views 20 minutes apart (signed in again each time: the session went idle) are separate visits.
    for (let i = 0; i < 12; i++) {
      clock.advance(20 * MINUTE);
      operator.sessionId = await signInAgain(t.db, clock, operator);
      await open(operator, token.customerId);
    }
    teller.sessionId = await signInAgain(t.db, clock, teller);
    const first = await open(teller, token.customerId);
    // The customer's import, the issue, 5 activations and 12 visits: 19 lines.
    expect(first.total).toBe(19);
    expect(first.pages).toBe(2);
    const last = await open(teller, token.customerId, { historyPage: 2, historyAsOf: first.asOf! });
    expect(last.lines.map((l) => l.action).slice(-2)).toEqual(["token.issue", "demo.import_customer"]);
    expect(last.lines).toHaveLength(9);
    expect(historyText(first)).toContain("1 / 2 ページ（全19件）");
    expect(historyText(last)).toContain("2 / 2 ページ（全19件）");
    // A page past the end shows the last page; the teller's own views since then are not counted in.
    const beyond = await open(teller, token.customerId, { historyPage: 99, historyAsOf: first.asOf! });
    expect(beyond).toMatchObject({ page: 2, pages: 2, total: 19 });
    expect(beyond.lines.map((l) => l.id)).toEqual(last.lines.map((l) => l.id));
  });

  it("keeps a change between one person's views in its place: the views before and after it are two lines", async () => {
    const token = await issue(t.db, clock);
    for (let i = 0; i < 2; i++) {
      clock.advance(30 * SECOND);
      await open(operator, token.customerId);
    }
    await issue(t.db, clock, token.customerId, "10112905");
    for (let i = 0; i < 3; i++) {
      clock.advance(30 * SECOND);
      await open(operator, token.customerId);
    }
    const history = await open(teller, token.customerId);
    expect(history.lines.map((l) => [l.action, l.count])).toEqual([
      ["customer.view", 3],
      ["token.issue", 1],
      ["customer.view", 2],
      ["token.issue", 1],
      ["demo.import_customer", 1],
    ]);
    expect(history).toMatchObject({ total: 5, pages: 1 });
  });
});

