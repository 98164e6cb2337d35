import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import type { AuditOutcome } from "@/db/schema";
import { eventReviewItems, eventReviews } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { runQuery } from "@/lib/actions/query";
import { reviewDay } from "@/lib/actions/audit/review-day";
import { reviewEvents } from "@/lib/actions/audit/review-events";
import { appendAuditEvent, type AuditActor } from "@/lib/audit/append";
import { auditOutcomes } from "@/db/schema/audit";
import { isHighRisk } from "@/lib/audit/high-risk";
import { auditEventTypes } from "@/lib/audit/vocabulary";
import { overdueReviewsQuery, reviewsQuery } from "@/lib/audit/workspace-queries";
import { fixedClock } from "@/lib/time/clock";
import { isWorkingDay, previousWorkingDay } from "@/lib/time/working-days";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { sealAndVerify } from "@/tests/fixtures/audit";
import { STEP_MS, auditEventAt, createSignedInStaff, rejection, signInAgain, staffOptions, type Member } from "@/tests/fixtures/staff";

let t: TestDb;
// Setting up (staff, sign-ins) happens well before the days the tests look at.
const clock = fixedClock("2026-10-01T01:00:00.000Z");
let auditor: Member;
let auditor2: Member;
let supervisor: Member;
let operator: Member;

beforeAll(async () => {
  t = await createTestDb();
  auditor = await createSignedInStaff(t.db, clock, "auditor.review", "auditor");
  auditor2 = await createSignedInStaff(t.db, clock, "auditor.review2", "auditor");
  supervisor = await createSignedInStaff(t.db, clock, "supervisor.review", "supervisor");
  operator = await createSignedInStaff(t.db, clock, "operator.review", "operator");
});
afterAll(async () => t?.close());

const staffActor = (m: Member, role: string): AuditActor => ({ type: "staff", id: m.staffId, role });

/** An event as another capability would have written it, at a chosen moment. */
async function event(at: string, action: string, outcome: AuditOutcome, actor: AuditActor = staffActor(operator, "operator")): Promise<number> {
  return t.db.transaction((tx) => appendAuditEvent(tx, { actor, action, outcome }, { channel: "web" }, new Date(at)));
}

/** Acts as `member` at a moment: the clock jumps there and they sign in afresh (sessions time out). */
async function as(member: Member, moment: string) {
  clock.set(new Date(new Date(moment).getTime() - STEP_MS));
  member.sessionId = await signInAgain(t.db, clock, member);
  return staffOptions(t.db, clock, member);
}
const at = (moment: string) => as(auditor, moment);

describe("working days", () => {
  it("skips weekends, national holidays (with substitutes and bridges) and the bank's year-end closure", () => {
    expect(isWorkingDay("2026-11-20")).toBe(true); // Friday
    expect(isWorkingDay("2026-11-21")).toBe(false); // Saturday
    expect(isWorkingDay("2026-11-23")).toBe(false); // 勤労感謝の日 (Monday)
    expect(isWorkingDay("2026-09-22")).toBe(false); // 国民の休日 between 敬老の日 and 秋分の日
    expect(isWorkingDay("2026-05-06")).toBe(false); // 振替休日 for 5/3 (Sunday)
    expect(isWorkingDay("2027-01-04")).toBe(true);
    expect(isWorkingDay("2026-12-31")).toBe(false);
    expect(previousWorkingDay("2026-11-24")).toBe("2026-11-20");
  });
});

describe("a day review", () => {
  const day = "2026-11-10";

  it("covers exactly the events of that JST day matching the filter, not the reviewer's own", async () => {
    const x = "verification.phone";
    const match1 = await event("2026-11-09T15:00:00.000Z", x, "failed"); // 11/10 00:00 JST
    const match2 = await event("2026-11-10T14:59:59.999Z", x, "failed"); // 11/10 23:59:59.999 JST
    const match3 = await event("2026-11-10T03:00:00.000Z", x, "failed", staffActor(supervisor, "supervisor"));
    await event("2026-11-09T14:59:59.999Z", x, "failed"); // 11/09 JST
    await event("2026-11-10T15:00:00.000Z", x, "failed"); // 11/11 JST
    await event("2026-11-10T04:00:00.000Z", x, "success");
    await event("2026-11-10T05:00:00.000Z", "verification.in_person", "failed");
    const own = await event("2026-11-10T06:00:00.000Z", x, "failed", staffActor(auditor, "auditor"));

    const page = await runQuery(reviewsQuery, { day, action: x, outcome: "failed" }, await at("2026-11-11T01:00:00.000Z"));
    if (!page.ok) throw new Error(page.message);
    expect(page.data.total).toBe(4);
    expect(page.data.events.map((e) => e.id)).toEqual([match1, match3, match2, own].sort((a, b) => a - b));
    expect(page.data.events.find((e) => e.id === own)?.own).toBe(true);

    const result = await executeAction(reviewDay, { day, action: x, outcome: "failed", expectedEvents: 4, comment: "失敗は全件確認済み" }, await at("2026-11-11T01:01:00.000Z"));
    if (!result.ok) throw new Error(result.message);
    expect(result.data).toMatchObject({ events: 3, skippedOwn: 1 });
    const covered = await t.db.select({ id: eventReviewItems.eventId }).from(eventReviewItems).where(eq(eventReviewItems.reviewId, result.data.reviewId)).orderBy(asc(eventReviewItems.eventId));
    expect(covered.map((c) => c.id)).toEqual([match1, match2, match3].sort((a, b) => a - b));

    const recorded = await auditEventAt(t.db, result.auditEventId);
    expect(recorded).toMatchObject({ action: "audit.review_day", outcome: "success", actorId: auditor.staffId, reason: "失敗は全件確認済み" });
    expect(recorded.details).toMatchObject({ reviewId: result.data.reviewId, day, action: x, outcome: "failed", highRiskOnly: false, events: 3, skippedOwn: 1 });

    // An event that arrives later for the same day is not covered by the earlier review.
    const late = await event("2026-11-10T07:00:00.000Z", x, "failed");
    const later = await runQuery(reviewsQuery, { day, action: x, outcome: "failed" }, await at("2026-11-11T02:00:00.000Z"));
    expect(later.ok && later.data.unreviewed).toBe(2); // the reviewer's own and the late one
    expect(later.ok && later.data.events.find((e) => e.id === late)?.reviews).toBe(0);
  });

  it("with the high-risk filter covers only the high-risk events", async () => {
    const d = "2026-11-12";
    const risky = [await event("2026-11-12T01:00:00.000Z", "token.cancel", "denied"), await event("2026-11-12T02:00:00.000Z", "token.reset_activation", "success")];
    await event("2026-11-12T03:00:00.000Z", "token.issue", "success");
    await event("2026-11-12T04:00:00.000Z", "staff.list", "denied"); // a refused page view changed nothing
    const result = await executeAction(reviewDay, { day: d, highRiskOnly: true, expectedEvents: 2, comment: "確認済み" }, await at("2026-11-13T01:00:00.000Z"));
    if (!result.ok) throw new Error(result.message);
    const covered = await t.db.select({ id: eventReviewItems.eventId }).from(eventReviewItems).where(eq(eventReviewItems.reviewId, result.data.reviewId)).orderBy(asc(eventReviewItems.eventId));
    expect(covered.map((c) => c.id)).toEqual(risky);
  });

  it("pages a day of 320 events, and reviewing the day covers every page, refusing events added since the auditor looked", async () => {
    const d = "2026-11-05";
    const start = Date.parse("2026-11-04T15:00:00.000Z"); // 11/05 00:00 JST
    const ids: number[] = [];
    // 320 events over the JST day, the first at midnight and the last a millisecond before the next day.
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < 320; i++) {
        const at = i === 319 ? new Date(start + 86_400_000 - 1) : new Date(start + i * 60_000);
        ids.push(await appendAuditEvent(tx, { actor: staffActor(operator, "operator"), action: "token.suspend", outcome: "success", reason: `紛失の届出 ${i}`, details: { serial: `S${i}`, before: { status: "active" }, after: { status: "suspended" }, notices: 1, memo: "お客さま 090-1234-5678 より" } }, { channel: "web" }, at));
      }
    });
    await event("2026-11-04T14:59:59.999Z", "token.suspend", "success"); // 11/04 JST
    await event("2026-11-05T15:00:00.000Z", "token.suspend", "success"); // 11/06 JST

    const looking = await at("2026-11-14T01:00:00.000Z");
    const pageOf = async (page?: number) => {
      const result = await runQuery(reviewsQuery, { day: d, ...(page ? { page } : {}) }, looking);
      if (!result.ok) throw new Error(result.message);
      return result.data;
    };
    const first = await pageOf();
    expect(first).toMatchObject({ total: 320, unreviewed: 320, page: 1, pages: 4, pageSize: 100 });
    const seen: number[] = [];
    for (let page = 1; page <= 4; page++) {
      const shown = await pageOf(page);
      expect(shown.page).toBe(page);
      expect(shown.events).toHaveLength(page < 4 ? 100 : 20);
      seen.push(...shown.events.map((e) => e.id));
    }
    expect(seen).toEqual(ids); // every event once, oldest first, none of the neighbouring days
    expect((await pageOf(9)).page).toBe(4); // past the end: the last page

    // Each row says who, what, why and what was recorded; the memo (personal data) only as its length.
    const row = first.events[0]!;
    expect(row).toMatchObject({ actorName: "Test operator.review", actorRole: "operator", action: "token.suspend", reason: "紛失の届出 0", memoLength: 21, highRisk: true });
    expect(row.details.map((f) => f.path.join(".")).sort()).toEqual(["after.status", "before.status", "notices", "serial"]);
    expect(row.details.every((f) => f.known)).toBe(true);

    // The day grew after the page was shown: the review is refused and nothing is marked.
    const late = await event("2026-11-05T09:00:00.000Z", "token.suspend", "success");
    const stale = await executeAction(reviewDay, { day: d, expectedEvents: 320, comment: "全件確認" }, await at("2026-11-14T01:05:00.000Z"));
    expect(stale).toMatchObject({ ok: false, code: "conflict" });
    expect(!stale.ok && stale.message).toContain("320件から 321件に増えました");
    expect((await pageOf()).unreviewed).toBe(321);

    // Reviewed with the count now shown: all 321 on all four pages, not just the first.
    const result = await executeAction(reviewDay, { day: d, expectedEvents: 321, comment: "全件確認" }, await at("2026-11-14T01:10:00.000Z"));
    if (!result.ok) throw new Error(result.message);
    expect(result.data).toMatchObject({ events: 321, skippedOwn: 0 });
    const covered = await t.db.select({ id: eventReviewItems.eventId }).from(eventReviewItems).where(eq(eventReviewItems.reviewId, result.data.reviewId)).orderBy(asc(eventReviewItems.eventId));
    expect(covered.map((c) => c.id)).toEqual([...ids, late].sort((a, b) => a - b));
    const after = await runQuery(reviewsQuery, { day: d, page: 4 }, await at("2026-11-14T01:11:00.000Z"));
    expect(after.ok && after.data.unreviewed).toBe(0);
    expect(after.ok && after.data.events.every((e) => e.reviews === 1)).toBe(true);
  });

  it("refuses a day in the future and a filter matching nothing, with the reason beside the field", async () => {
    const future = await executeAction(reviewDay, { day: "2026-11-17", expectedEvents: 0, comment: "先の日付" }, await at("2026-11-16T14:00:00.000Z"));
    expect(future).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { day: ["未来の日付はレビューできません。"] } });
    const nothing = await executeAction(reviewDay, { day: "2026-11-01", action: "token.issue", expectedEvents: 0, comment: "なし" }, await at("2026-11-16T14:01:00.000Z"));
    expect(nothing).toMatchObject({ ok: false, code: "not_found" });
    const badDate = await executeAction(reviewDay, { day: "2026-02-30", expectedEvents: 0, comment: "日付" }, await at("2026-11-16T14:02:00.000Z"));
    expect(badDate).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { day: ["日付を 2026-11-22 の形式で入力してください。"] } });
  });
});

describe("reviewing chosen events", () => {
  it("refuses the reviewer's own events and unknown ids, and records a review by another auditor", async () => {
    const own = await event("2026-11-14T01:00:00.000Z", "audit.reveal", "success", staffActor(auditor, "auditor"));
    const refused = await executeAction(reviewEvents, { eventIds: [own], comment: "自分で確認" }, await at("2026-11-17T01:00:00.000Z"));
    expect(refused).toMatchObject({ ok: false, code: "forbidden", fieldErrors: { eventIds: ["自分の操作はレビューできません。別の監査担当者に依頼してください。"] } });
    expect(await t.db.select().from(eventReviewItems).where(eq(eventReviewItems.eventId, own))).toEqual([]);

    const unknown = await executeAction(reviewEvents, { eventIds: [own, 99_999_999], comment: "不明" }, await at("2026-11-17T01:01:00.000Z"));
    expect(unknown).toMatchObject({ ok: false, code: "not_found" });

    const byOther = await executeAction(reviewEvents, { eventIds: [own], comment: "閲覧理由を確認" }, await as(auditor2, "2026-11-17T01:05:00.000Z"));
    expect(byOther).toMatchObject({ ok: true, data: { events: 1 } });
    const recorded = await auditEventAt(t.db, byOther.ok ? byOther.auditEventId : undefined);
    expect(recorded).toMatchObject({ action: "audit.review_events", actorId: auditor2.staffId, reason: "閲覧理由を確認" });
    expect(recorded.details).toMatchObject({ events: 1, eventIds: [own] });
  });

  it("asks for a comment and at least one event", async () => {
    const result = await executeAction(reviewEvents, { eventIds: [], comment: "" }, await at("2026-11-17T01:10:00.000Z"));
    expect(result).toMatchObject({ ok: false, code: "invalid_input" });
    if (result.ok) return;
    expect(result.fieldErrors?.eventIds).toEqual(["レビューするイベントを選んでください。"]);
    expect(result.fieldErrors?.comment).toBeDefined();
  });

  it("is for auditors only: a supervisor is refused and nothing is written", async () => {
    const target = await event("2026-11-14T02:00:00.000Z", "token.replace", "success");
    const before = (await t.db.select().from(eventReviews)).length;
    const asSupervisor = await as(supervisor, "2026-11-17T01:15:00.000Z");
    expect(await executeAction(reviewEvents, { eventIds: [target], comment: "確認" }, asSupervisor)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await executeAction(reviewDay, { day: "2026-11-14", expectedEvents: 1, comment: "確認" }, asSupervisor)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await runQuery(overdueReviewsQuery, {}, asSupervisor)).toMatchObject({ ok: false, code: "forbidden" });
    expect((await t.db.select().from(eventReviews)).length).toBe(before);
  });
});

describe("high-risk events left unreviewed after a working day", () => {
  it("are highlighted from the day after the first working day that followed them, and no longer once reviewed", async () => {
    // Friday 2026-11-20, 10:00 JST; Monday 11/23 is a holiday, so its working day is Tuesday 11/24.
    const replaced = await event("2026-11-20T01:00:00.000Z", "token.replace", "success");
    const denied = await event("2026-11-20T02:00:00.000Z", "token.cancel", "denied");
    await event("2026-11-20T02:30:00.000Z", "customer.view", "denied"); // a refused page view: not high-risk
    const failedCheck = await event("2026-11-20T03:00:00.000Z", "verification.phone", "failed");
    await event("2026-11-20T04:00:00.000Z", "verification.phone", "success"); // not high-risk
    await event("2026-11-20T05:00:00.000Z", "token.issue", "success"); // not high-risk
    const tuesday = await event("2026-11-24T01:00:00.000Z", "email.delete", "success");

    // Earlier tests left high-risk events of their own days: look at this test's days only.
    const mine = async (moment: string) => {
      const result = await runQuery(overdueReviewsQuery, {}, await at(moment));
      if (!result.ok) throw new Error(result.message);
      return { ids: result.data.events.map((e) => e.id).filter((id) => id >= replaced), days: result.data.days.filter((d) => d.day >= "2026-11-20"), events: result.data.events };
    };
    expect(await mine("2026-11-24T14:59:59.000Z")).toMatchObject({ ids: [], days: [] });

    const wednesday = await mine("2026-11-24T15:00:00.000Z");
    expect(wednesday.ids).toEqual([replaced, denied, failedCheck]);
    expect(wednesday.days).toEqual([{ day: "2026-11-20", count: 3 }]);
    const shown = wednesday.events.filter((e) => e.id >= replaced);
    expect(shown.every((e) => e.highRisk && e.reviews === 0 && e.actorName === "Test operator.review")).toBe(true);

    const reviewed = await executeAction(reviewEvents, { eventIds: [String(replaced)], comment: "再発行は申請書と一致" }, await at("2026-11-24T15:01:00.000Z"));
    expect(reviewed).toMatchObject({ ok: true, data: { events: 1 } });
    expect((await mine("2026-11-24T15:02:00.000Z")).ids).toEqual([denied, failedCheck]);

    // Thursday: the Tuesday event's working day (Wednesday) has passed too.
    expect((await mine("2026-11-25T15:00:00.000Z")).ids).toEqual([denied, failedCheck, tuesday]);
  });

  it("are the same in the database's filter as on the screen, for every event type and outcome", async () => {
    // One event of each type and outcome on a day of its own, and a back-office replacement (token.issue naming the token it revoked).
    const d = "2026-12-01";
    const names = Object.keys(auditEventTypes);
    let minute = 0;
    const written: Array<{ id: number; action: string; outcome: AuditOutcome; details?: Record<string, unknown> }> = [];
    for (const action of names) {
      for (const outcome of auditOutcomes) {
        const moment = new Date(Date.parse("2026-11-30T15:00:00.000Z") + minute++ * 1000).toISOString();
        written.push({ id: await event(moment, action, outcome), action, outcome });
      }
    }
    const replacement = { serial: "T0000001", replacedTokenId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", replacedSerial: "T0000000", replaceReason: "lost" };
    const backOffice = await t.db.transaction((tx) =>
      appendAuditEvent(tx, { actor: { type: "system", id: "cli", role: "system" }, action: "token.issue", outcome: "success", details: replacement }, { channel: "cli" }, new Date("2026-12-01T05:00:00.000Z")),
    );
    written.push({ id: backOffice, action: "token.issue", outcome: "success", details: replacement });

    const listed = new Set<number>();
    const looking = await at("2026-12-02T01:00:00.000Z");
    const first = await runQuery(reviewsQuery, { day: d, highRiskOnly: true }, looking);
    if (!first.ok) throw new Error(first.message);
    for (let page = 1; page <= first.data.pages; page++) {
      const result = await runQuery(reviewsQuery, { day: d, highRiskOnly: true, page }, looking);
      if (!result.ok) throw new Error(result.message);
      for (const e of result.data.events) {
        expect(e.highRisk).toBe(true);
        listed.add(e.id);
      }
    }
    const expected = written.filter((w) => isHighRisk(w.action, w.outcome, w.details)).map((w) => w.id);
    expect([...listed].sort((a, b) => a - b)).toEqual(expected);
    expect(listed.has(backOffice)).toBe(true);
    expect(first.data.total).toBe(expected.length);
    // Page views and searches never, even refused.
    const reads = written.filter((w) => ["customer.view", "customer.search", "audit.explore", "audit.event"].includes(w.action));
    expect(reads.filter((w) => listed.has(w.id))).toEqual([]);
  });
});

it("reviews are append-only, and every event above is in an intact chain", async () => {
  expect(await rejection(t.raw("update event_reviews set comment = 'changed'"))).toMatch(/append-only/);
  expect(await rejection(t.raw("delete from event_review_items"))).toMatch(/append-only/);
  expect(await sealAndVerify(t.db)).toMatchObject({ ok: true });
});
