import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { executeAction } from "@/lib/actions/execute";
import { defineAction } from "@/lib/actions/types";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { auditEventAt, createSignedInStaff, staffOptions, type Member } from "@/tests/fixtures/staff";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { verifyOtpAction } from "@/lib/actions/tokens/verify-otp";
import { recentAuditEvents } from "@/lib/audit/query";

let t: TestDb;
let operator: Member;
const clock = fixedClock("2026-11-22T05:00:00.000Z");

beforeAll(async () => {
  t = await createTestDb();
  operator = await createSignedInStaff(t.db, clock, "op.subjects", "operator");
});
afterAll(async () => t?.close());

describe("each action declares its subject", () => {
  it("checks verification against the declared customer, whatever the input field is called", async () => {
    const account = randomUUID();
    const needsCaller = defineAction({
      name: "test.caller_by_account", permission: "customer.view", input: z.object({ account: z.uuid() }), assurance: "verified",
      subject: { kind: "customer", id: (input) => input.account },
      run: async () => ({ data: null, audit: {} }),
    });
    const r = await executeAction(needsCaller, { account }, staffOptions(t.db, clock, operator));
    expect(r).toMatchObject({ ok: false, code: "verification_required" });
    expect((await auditEventAt(t.db, r.ok ? undefined : r.auditEventId)).customerId).toBe(account);
  });

  it("records the declared staff subject even when the run fails unexpectedly", async () => {
    const staffId = randomUUID();
    const boom = defineAction({
      name: "test.subject_boom", permission: "customer.view", input: z.object({ staffId: z.uuid() }), assurance: "none",
      subject: { kind: "staff", id: (input) => input.staffId },
      run: async () => { throw new Error("boom"); },
    });
    const r = await executeAction(boom, { staffId }, staffOptions(t.db, clock, operator));
    expect(r).toMatchObject({ ok: false, code: "internal_error" });
    const event = await auditEventAt(t.db, r.ok ? undefined : r.auditEventId);
    expect(event).toMatchObject({ targetStaffId: staffId, customerId: null, outcome: "error" });
  });

  it("refuses to define an action that needs verification without a customer subject", () => {
    expect(() => defineAction({
      name: "test.no_customer", permission: "customer.view", input: z.object({ customerId: z.uuid() }), assurance: "verified",
      subject: { kind: "none" },
      run: async () => ({ data: null, audit: {} }),
    })).toThrow(/needs a customer subject/);
  });
});

describe("actors are shown by name", () => {
  it("an API client's event names the client and a staff event the login, never a UUID", async () => {
    const key = await createClient(t.db, clock, "banking-app");
    const r = await executeAction(verifyOtpAction, { serviceId: "10112890", userId: "u-unknown", otp: "12345678" }, apiOptions(t.db, clock, key));
    expect(r.ok ? r.auditEventId : r.auditEventId).toBeDefined();
    const rows = await recentAuditEvents(t.db, { limit: 50 });
    expect(rows.find((row) => row.actorType === "api_client")?.actorName).toBe("banking-app");
    expect(rows.find((row) => row.actorType === "staff")?.actorName).toBe("op.subjects");
    for (const row of rows) expect(row.actorName ?? "").not.toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});
