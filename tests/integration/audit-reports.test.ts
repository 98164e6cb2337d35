import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desc, eq, sql } from "drizzle-orm";
import type { AuditOutcome } from "@/db/schema";
import { auditEvents, auditOutcomes } from "@/db/schema";
import { runQuery } from "@/lib/actions/query";
import { appendAuditEvent, type AuditActor } from "@/lib/audit/append";
import { anomalyRules, buildReport } from "@/lib/audit/reports";
import { auditReportQuery } from "@/lib/audit/workspace-queries";
import { fixedClock } from "@/lib/time/clock";
import { createCustomer } from "@/tests/fixtures/customers";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { auditEventAt, createSignedInStaff, createStaffMember, signInAgain, staffOptions, type Member } from "@/tests/fixtures/staff";

let t: TestDb;
// Setting up happens in October; the generated events are in November.
const clock = fixedClock("2026-10-01T01:00:00.000Z");
let auditor: Member;
const people: Array<{ id: string; name: string; role: "operator" | "teller" | "supervisor" }> = [];
const customerIds: string[] = [];

beforeAll(async () => {
  t = await createTestDb();
  auditor = await createSignedInStaff(t.db, clock, "auditor.reports", "auditor");
  for (const [i, role] of (["operator", "operator", "teller", "supervisor"] as const).entries()) {
    const loginId = `desk${i}.reports`;
    people.push({ id: await createStaffMember(t.db, clock, { loginId, role, displayName: `窓口 ${i}` }), name: `窓口 ${i}`, role });
  }
  for (let i = 0; i < 5; i++) customerIds.push(await createCustomer(t.db, clock));
});
afterAll(async () => t?.close());

interface Generated {
  at: Date;
  actor: AuditActor;
  action: string;
  outcome: AuditOutcome;
  customerId?: string;
}

async function insert(events: Generated[]): Promise<void> {
  await t.db.transaction(async (tx) => {
    for (const e of events) await appendAuditEvent(tx, { actor: e.actor, action: e.action, outcome: e.outcome, customerId: e.customerId ?? null }, { channel: "web" }, e.at);
  });
}

const staffActor = (p: (typeof people)[number]): AuditActor => ({ type: "staff", id: p.id, role: p.role });
const jst = (day: string, hour: number, minute = 0) => new Date(`${day}T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00.000+09:00`);

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe("report aggregates", () => {
  const from = "2026-11-02";
  const to = "2026-11-06";
  const generated: Generated[] = [];

  beforeAll(async () => {
    const rnd = random(20261102);
    const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
    const actions = ["customer.search", "token.issue", "verification.phone", "staff.list", "desk.home"];
    // Office hours only, so the out-of-hours rule stays quiet here; one day before and after the range.
    for (const day of ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-07"]) {
      const n = 10 + Math.floor(rnd() * 20);
      for (let i = 0; i < n; i++) {
        const api = rnd() < 0.1;
        generated.push({
          at: jst(day, 9 + Math.floor(rnd() * 11), Math.floor(rnd() * 60)),
          actor: api ? { type: "system", id: "notice-worker", role: "system" } : staffActor(pick(people)),
          action: pick(actions),
          outcome: pick(["success", "success", "success", "denied", "invalid", "failed", "error"] as const),
        });
      }
    }
    // The edges of the range in JST: the first and the last millisecond belong to it.
    generated.push({ at: new Date("2026-11-01T15:00:00.000Z"), actor: staffActor(people[0]!), action: "customer.search", outcome: "success" });
    generated.push({ at: new Date("2026-11-06T14:59:59.999Z"), actor: staffActor(people[0]!), action: "customer.search", outcome: "success" });
    generated.push({ at: new Date("2026-11-06T15:00:00.000Z"), actor: staffActor(people[0]!), action: "customer.search", outcome: "success" });
    await insert(generated);
  });

  const inRange = () => generated.filter((e) => e.at >= jst(from, 0) && e.at < jst("2026-11-07", 0));
  const dayOf = (d: Date) => new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
  const tally = (events: Generated[]) => {
    const out: Record<string, number> = { total: events.length };
    for (const o of auditOutcomes) out[o] = events.filter((e) => e.outcome === o).length;
    return out;
  };

  it("counts per day, per staff member and per action and outcome as the generated events say", async () => {
    const report = await buildReport(t.db, { from, to });
    const events = inRange();
    expect(report.total).toBe(events.length);
    expect(report.perDay.map((d) => d.day)).toEqual(["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06"]);
    for (const row of report.perDay) expect(row, row.day).toEqual({ day: row.day, ...tally(events.filter((e) => dayOf(e.at) === row.day)) });

    const staffEvents = events.filter((e) => e.actor.type === "staff");
    expect(report.perStaff.reduce((s, r) => s + r.total, 0)).toBe(staffEvents.length);
    for (const p of people) {
      const row = report.perStaff.find((r) => r.staffName === p.name);
      const mine = staffEvents.filter((e) => e.actor.id === p.id);
      if (!mine.length) expect(row).toBeUndefined();
      else expect(row).toMatchObject({ role: p.role, ...tally(mine) });
    }

    const actions = [...new Set(events.map((e) => e.action))].sort();
    expect(report.perAction.map((r) => r.action).sort()).toEqual(actions);
    for (const row of report.perAction) expect(row).toEqual({ action: row.action, ...tally(events.filter((e) => e.action === row.action)) });
  });

  it("agrees with a plain SQL count of the same range", async () => {
    const report = await buildReport(t.db, { from, to });
    const list = await t.db
      .select({ outcome: auditEvents.outcome, n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(sql`${auditEvents.occurredAt} >= '2026-11-02 00:00+09' and ${auditEvents.occurredAt} < '2026-11-07 00:00+09'`)
      .groupBy(auditEvents.outcome);
    for (const o of auditOutcomes) {
      const truth = list.find((r) => r.outcome === o)?.n ?? 0;
      expect(report.perDay.reduce((s, d) => s + d[o], 0), o).toBe(Number(truth));
      expect(report.perAction.reduce((s, a) => s + a[o], 0), o).toBe(Number(truth));
    }
  });

  it("is read through an audited query with a validated date range", async () => {
    clock.set("2026-11-08T01:00:00.000Z");
    auditor.sessionId = await signInAgain(t.db, clock, auditor);
    const ok = await runQuery(auditReportQuery, { from, to }, staffOptions(t.db, clock, auditor));
    expect(ok).toMatchObject({ ok: true, data: { from, to } });
    const [last] = await t.db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.action, "audit.report")).orderBy(desc(auditEvents.id)).limit(1);
    expect((await auditEventAt(t.db, last?.id)).details).toMatchObject({ from, to });

    const reversed = await runQuery(auditReportQuery, { from: to, to: from }, staffOptions(t.db, clock, auditor));
    expect(reversed).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { to: ["終了日は開始日以降にしてください。"] } });
    const tooLong = await runQuery(auditReportQuery, { from: "2026-01-01", to: "2026-11-06" }, staffOptions(t.db, clock, auditor));
    expect(tooLong).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { to: ["期間は92日以内にしてください。"] } });
  });
});

describe("anomalies", () => {
  const day = "2026-11-20";
  const [a, b, c, d] = [0, 1, 2, 3];

  beforeAll(async () => {
    const events: Generated[] = [];
    const at = (i: number) => jst(day, 10, i);
    // Replacements and resets: person a at the threshold, person b one below.
    for (let i = 0; i < anomalyRules.replacementsByStaff.perDay; i++) events.push({ at: at(i), actor: staffActor(people[a]!), action: i % 2 ? "token.reset_activation" : "token.replace_lost", outcome: "success" });
    for (let i = 0; i < anomalyRules.replacementsByStaff.perDay - 1; i++) events.push({ at: at(i), actor: staffActor(people[b]!), action: "token.replace", outcome: "success" });
    // Failed verifications: customer 0 at its threshold (by two people), person c at the staff threshold.
    for (let i = 0; i < anomalyRules.failedVerificationsByCustomer.perDay; i++) events.push({ at: at(20 + i), actor: staffActor(people[i % 2 ? a : b]!), action: "verification.phone", outcome: "failed", customerId: customerIds[0]! });
    for (let i = 0; i < anomalyRules.failedVerificationsByStaff.perDay; i++) events.push({ at: at(30 + i), actor: staffActor(people[c]!), action: "verification.phone", outcome: "failed", customerId: customerIds[1 + (i % 4)]! });
    // Outside office hours: the supervisor changes something at 21:30; a sign-in at 22:00 and 8:59 search by an auditor do not count.
    events.push({ at: jst(day, 21, 30), actor: staffActor(people[d]!), action: "token.issue", outcome: "success", customerId: customerIds[2]! });
    events.push({ at: jst(day, 8, 59), actor: staffActor(people[d]!), action: "customer.view", outcome: "success", customerId: customerIds[2]! });
    events.push({ at: jst(day, 22, 0), actor: staffActor(people[d]!), action: "auth.sign_in", outcome: "success" });
    events.push({ at: jst(day, 22, 0), actor: { type: "staff", id: auditor.staffId, role: "auditor" }, action: "audit.review_day", outcome: "success" });
    await insert(events);
  });

  it("are raised by each rule at its threshold, and not below it", async () => {
    const report = await buildReport(t.db, { from: day, to: day });
    const found = report.anomalies.map((x) => ({ rule: x.rule, subject: x.subject, count: x.count }));
    expect(found).toContainEqual({ rule: "replacementsByStaff", subject: people[a]!.name, count: anomalyRules.replacementsByStaff.perDay });
    expect(found.filter((x) => x.rule === "replacementsByStaff")).toHaveLength(1);
    expect(found).toContainEqual({ rule: "failedVerificationsByStaff", subject: people[c]!.name, count: anomalyRules.failedVerificationsByStaff.perDay });
    expect(found.filter((x) => x.rule === "failedVerificationsByStaff")).toHaveLength(1);
    const byCustomer = found.filter((x) => x.rule === "failedVerificationsByCustomer");
    expect(byCustomer).toHaveLength(1);
    expect(byCustomer[0]!.count).toBe(anomalyRules.failedVerificationsByCustomer.perDay);
    expect(byCustomer[0]!.subject).toMatch(/^\d{10}$/); // the contract ID, not a UUID
    expect(found.filter((x) => x.rule === "outsideOfficeHours")).toEqual([{ rule: "outsideOfficeHours", subject: people[d]!.name, count: 2 }]);
  });

  it("flag many customer views with nothing else done, but not views followed by an action", async () => {
    const viewDay = "2026-11-21";
    const extra: string[] = [];
    for (let i = 0; i < anomalyRules.viewsWithoutAction.perDay; i++) extra.push(await createCustomer(t.db, clock));
    const events: Generated[] = [];
    // Person a opens perDay customers and does nothing; person b opens the same ones and verifies one caller.
    for (const [i, id] of extra.entries()) {
      events.push({ at: jst(viewDay, 10, i), actor: staffActor(people[a]!), action: "customer.view", outcome: "success", customerId: id });
      events.push({ at: jst(viewDay, 10, i), actor: staffActor(people[a]!), action: "customer.view", outcome: "success", customerId: id });
      events.push({ at: jst(viewDay, 11, i), actor: staffActor(people[b]!), action: "customer.view", outcome: "success", customerId: id });
    }
    events.push({ at: jst(viewDay, 12, 0), actor: staffActor(people[b]!), action: "verification.phone", outcome: "success", customerId: extra[0]! });
    await insert(events);
    const report = await buildReport(t.db, { from: viewDay, to: viewDay });
    expect(report.anomalies.filter((x) => x.rule === "viewsWithoutAction")).toEqual([
      { rule: "viewsWithoutAction", day: viewDay, subject: people[a]!.name, subjectKind: "staff", count: anomalyRules.viewsWithoutAction.perDay },
    ]);
  });
});
