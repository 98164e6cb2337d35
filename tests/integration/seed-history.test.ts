import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, count, inArray } from "drizzle-orm";
import { auditEvents, customers, tokens, type AuditEvent } from "@/db/schema";
import { demoCustomers } from "@/db/seed/demo-data";
import { HISTORY_FIRST_INDEX, historyStart } from "@/db/seed/history";
import { DEFAULT_DEMO_CUSTOMERS, seedDemo, type SeedReport } from "@/db/seed/seed";
import { buildReport, type Report } from "@/lib/audit/reports";
import { fixedClock, HOUR } from "@/lib/time/clock";
import { addDays, isWorkingDay, jstDate } from "@/lib/time/working-days";
import { sealAndVerify } from "@/tests/fixtures/audit";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";

// A Tuesday morning in Japan (2026/12/08 09:30 JST): the history covers the four weeks before it.
const NOW = new Date("2026-12-08T00:30:00.000Z");
const desk = ["operator", "teller", "supervisor"];
const fixes = ["operator", "teller"];
/** Who at a bank's help desk does each thing (successful events). */
const plausibleRoles: Record<string, string[]> = {
  "customer.view": desk,
  "verification.phone": ["operator", "supervisor"],
  "verification.in_person": ["teller"],
  "verification.clear_block": ["supervisor"],
  "approval.approve": ["supervisor"],
  "approval.reject": ["supervisor"],
  "token.issue": ["teller"],
  "token.replace": fixes,
  "token.unlock": fixes,
  "token.reset_activation": fixes,
  "token.resync": fixes,
  "token.suspend": fixes,
  "token.resume": fixes,
  "token.cancel": fixes,
  "token.emergency_code": fixes,
  "email.add": fixes,
  "email.delete": fixes,
  "auth.sign_in": desk,
  "auth.sign_out": desk,
  "auth.session_ended": desk,
};

let t: TestDb;
let home: string;
let report: SeedReport;
let history: AuditEvent[];
let auditReport: Report;

beforeAll(async () => {
  // The demo API client's key file goes to the data home: a temporary one, not the developer's .data/.
  home = mkdtempSync(path.join(os.tmpdir(), "tokendesk-history-"));
  process.env.TOKENDESK_HOME = home;
  t = await createTestDb();
  report = await seedDemo(t.db, { customers: DEFAULT_DEMO_CUSTOMERS, clock: fixedClock(NOW), history: true });
  const all = await t.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
  // The replay: everything after the staff, customers and API client were set up and before the seeding moment.
  history = all.filter((e) => e.occurredAt < NOW && !["staff.create", "demo.import_customer", "api_client.create"].includes(e.action));
  auditReport = await buildReport(t.db, { from: jstDate(historyStart(NOW)), to: addDays(jstDate(NOW), -1) });
}, 600_000);

afterAll(async () => {
  await t?.close();
  delete process.env.TOKENDESK_HOME;
  rmSync(home, { recursive: true, force: true });
});

describe("demo history", () => {
  it("fills three weeks and more of JST working days, with the desk's kinds of work", () => {
    expect(report).toMatchObject({ seeded: true, customers: DEFAULT_DEMO_CUSTOMERS });
    expect(report.historyDays).toBeGreaterThanOrEqual(15);
    const busyDays = auditReport.perDay.filter((d) => d.total > 0 && isWorkingDay(d.day)).map((d) => d.day);
    expect(busyDays.length).toBeGreaterThanOrEqual(15);
    expect(Date.parse(busyDays.at(-1)!) - Date.parse(busyDays[0]!)).toBeGreaterThanOrEqual(21 * 24 * HOUR);
    const succeeded = new Set(history.filter((e) => e.outcome === "success").map((e) => e.action));
    for (const action of [
      "verification.phone", "verification.in_person", "verification.clear_block", "token.unlock", "token.reset_activation", "token.resync",
      "email.add", "email.delete", "token.suspend", "token.resume", "token.cancel", "token.replace", "token.issue", "token.emergency_code",
      "approval.approve", "approval.reject", "token_service.activate", "token_service.verify", "auth.sign_in",
    ]) {
      expect(succeeded, action).toContain(action);
    }
    // A replacement asked for on the phone waits for a supervisor; one of them was rejected.
    const phoneReplacements = history.filter((e) => e.action === "token.replace" && (e.details as { outcome?: string }).outcome === "requested");
    expect(phoneReplacements.length).toBeGreaterThan(0);
    expect(history.filter((e) => e.action === "token_service.verify" && e.actorType === "api_client").length).toBeGreaterThan(20);
  });

  it("has refusals: the wrong role, a missing verification, bad input, failed checks", () => {
    const refused = (action: string, outcome: string, role?: string) => history.filter((e) => e.action === action && e.outcome === outcome && (!role || e.actorRole === role));
    expect(refused("token.issue", "denied", "operator")).not.toHaveLength(0);
    expect(refused("approval.approve", "denied", "teller")).not.toHaveLength(0);
    expect(refused("verification.clear_block", "denied", "teller")).not.toHaveLength(0);
    expect(refused("verification.in_person", "denied", "operator")).not.toHaveLength(0);
    expect(history.some((e) => e.outcome === "denied" && (e.details as { stage?: string }).stage === "verify")).toBe(true);
    expect(refused("email.add", "invalid")).not.toHaveLength(0);
    expect(refused("verification.phone", "failed").length).toBeGreaterThanOrEqual(3);
    expect(refused("verification.in_person", "failed")).not.toHaveLength(0);
    expect(refused("auth.sign_in", "failed")).not.toHaveLength(0);
  });

  it("shows its anomalies in the auditor's report: a blocked customer and late-night work", () => {
    const rules = new Set(auditReport.anomalies.map((a) => a.rule));
    expect(rules).toContain("failedVerificationsByCustomer");
    expect(rules).toContain("outsideOfficeHours");
  });

  it("is the work of the staff who would have done it, in business hours", () => {
    const staffEvents = history.filter((e) => e.actorType === "staff");
    for (const e of staffEvents.filter((x) => x.outcome === "success")) {
      expect(plausibleRoles[e.action], `${e.action} by ${e.actorRole}`).toContain(e.actorRole);
    }
    expect(history.filter((e) => e.actorType === "api_client").every((e) => e.action.startsWith("token_service."))).toBe(true);
    expect(history.filter((e) => e.actorType === "system").every((e) => e.action.startsWith("notice.") || e.action === "demo.mailbox_receive")).toBe(true);
    expect(staffEvents.every((e) => e.channel === "web")).toBe(true);
    const jstHour = (e: AuditEvent) => new Date(e.occurredAt.getTime() + 9 * HOUR).getUTCHours();
    const inHours = staffEvents.filter((e) => isWorkingDay(jstDate(e.occurredAt)) && jstHour(e) >= 9 && jstHour(e) < 18);
    expect(inHours.length / staffEvents.length).toBeGreaterThan(0.95);
    expect(staffEvents.some((e) => jstHour(e) >= 21)).toBe(true);
  });

  it("leaves the customers the other tests pick as the demo data describes them", async () => {
    const records = demoCustomers(HISTORY_FIRST_INDEX);
    const rows = await t.db.select({ id: customers.id, contractId: customers.contractId }).from(customers).where(inArray(customers.contractId, records.map((r) => r.contractId)));
    const ids = rows.map((r) => r.id);
    expect(history.filter((e) => e.customerId && ids.includes(e.customerId))).toEqual([]);
    const statuses = await t.db.select({ serial: tokens.serial, status: tokens.status }).from(tokens).where(inArray(tokens.customerId, ids));
    const bySerial = new Map(statuses.map((s) => [s.serial, s.status]));
    for (const token of records.flatMap((r) => r.tokens)) expect(bySerial.get(token.serial), token.serial).toBe(token.status);
  });

  it("keeps the audit chain intact", async () => {
    const [all] = await t.db.select({ n: count() }).from(auditEvents);
    expect(await sealAndVerify(t.db)).toMatchObject({ ok: true, checked: all!.n, pending: 0 });
  });
});
