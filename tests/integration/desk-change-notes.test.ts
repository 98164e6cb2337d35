import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { z } from "zod";
import { actionRequests } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { ActionError, defineAction } from "@/lib/actions/types";
import { deskChangeFields } from "@/lib/validation/call-notes";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { auditEventAt, createSignedInStaff, formKey, staffOptions, type Member } from "@/tests/fixtures/staff";

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:00.000Z");
let operator: Member;

beforeAll(async () => {
  t = await createTestDb();
  operator = await createSignedInStaff(t.db, clock, "operator.notes", "operator");
});
afterAll(async () => t?.close());

/** A desk change that counts its runs, and refuses when asked to. */
let runs = 0;
const noteTaking = defineAction({
  name: "test.note_taking", permission: "desk.home", input: z.strictObject({ ...deskChangeFields, refuse: z.boolean().optional() }), assurance: "none", subject: { kind: "none" },
  async run(_ctx, input) {
    if (input.refuse) throw new ActionError("conflict", "errors.concurrentChange");
    runs++;
    return { data: runs, audit: { details: { counted: runs } } };
  },
});

describe("reason, call memo and ticket", () => {
  it("are kept with the event: reason and ticket in their columns, the memo beside the action's details", async () => {
    const result = await executeAction(noteTaking, { reason: "お客さまの依頼", memo: "  折り返し不要とのこと  ", ticket: "INQ-2026-0042", ...formKey() }, staffOptions(t.db, clock, operator));
    expect(result.ok).toBe(true);
    const event = await auditEventAt(t.db, result.auditEventId!);
    expect(event).toMatchObject({ reason: "お客さまの依頼", ticket: "INQ-2026-0042" });
    expect(event.details).toMatchObject({ memo: "折り返し不要とのこと", counted: expect.any(Number) });
  });

  it("are kept on a refusal too, so an auditor reads what was written", async () => {
    const result = await executeAction(noteTaking, { reason: "お客さまの依頼", memo: "二度目の電話", refuse: true, ...formKey() }, staffOptions(t.db, clock, operator));
    expect(result).toMatchObject({ ok: false, code: "conflict" });
    const event = await auditEventAt(t.db, result.auditEventId!);
    expect(event.reason).toBe("お客さまの依頼");
    expect(event.details).toMatchObject({ memo: "二度目の電話", stage: "run" });
  });

  it("refuses a memo with control characters or a malformed ticket beside the field, running nothing", async () => {
    const before = runs;
    const result = await executeAction(noteTaking, { reason: "お客さまの依頼", memo: "a\u0000b", ticket: "INQ 1", ...formKey() }, staffOptions(t.db, clock, operator));
    expect(result).toMatchObject({ ok: false, code: "invalid_input" });
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["memo", "ticket"]);
    expect(result.fieldErrors?.ticket?.[0]).toContain("受付番号");
    expect(runs).toBe(before);
  });

  it("treats empty optional fields as not given", async () => {
    const result = await executeAction(noteTaking, { reason: "お客さまの依頼", memo: "   ", ticket: "", ...formKey() }, staffOptions(t.db, clock, operator));
    expect(result.ok).toBe(true);
    const event = await auditEventAt(t.db, result.auditEventId!);
    expect(event.ticket).toBeNull();
    expect(event.details).not.toHaveProperty("memo");
  });
});

describe("a form's request key", () => {
  it("lets the same submission change things once: the second arrival is told it was already done", async () => {
    const requestKey = randomUUID();
    const before = runs;
    const submit = () => executeAction(noteTaking, { reason: "二重クリック", requestKey }, staffOptions(t.db, clock, operator));
    const [first, second] = await Promise.all([submit(), submit()]);
    const outcomes = [first, second].map((r) => (r.ok ? "ok" : r.code)).sort();
    expect(outcomes).toEqual(["conflict", "ok"]);
    const refused = [first, second].find((r) => !r.ok);
    expect(refused && !refused.ok && refused.message).toContain("すでに受け付けています");
    expect(runs).toBe(before + 1);
    const third = await submit();
    expect(third).toMatchObject({ ok: false, code: "conflict" });
    expect(runs).toBe(before + 1);
  });

  it("is free again when the first attempt was refused and rolled back", async () => {
    const requestKey = randomUUID();
    const refused = await executeAction(noteTaking, { reason: "やり直し", requestKey, refuse: true }, staffOptions(t.db, clock, operator));
    expect(refused.ok).toBe(false);
    const [row] = await t.db.select({ n: count() }).from(actionRequests).where(eq(actionRequests.key, requestKey));
    expect(row!.n).toBe(0);
    const retried = await executeAction(noteTaking, { reason: "やり直し", requestKey }, staffOptions(t.db, clock, operator));
    expect(retried.ok).toBe(true);
  });
});
