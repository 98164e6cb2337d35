import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq, gt } from "drizzle-orm";
import { z } from "zod";
import { auditEvents, staff, staffSessions } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { ActionError, defineAction } from "@/lib/actions/types";
import { createStaff } from "@/lib/actions/staff/create-staff";
import { changeStaffRole } from "@/lib/actions/staff/change-staff-role";
import { disableStaff } from "@/lib/actions/staff/disable-staff";
import { resetStaffMfa } from "@/lib/actions/staff/reset-staff-mfa";
import { sealAndVerify } from "@/tests/fixtures/audit";
import { checkSession } from "@/lib/auth/sessions";
import { signInStaff } from "@/lib/auth/sign-in";
import { STAFF_TOTP, totpAt } from "@/lib/otp/totp";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import {
  PASSWORD, STEP_MS, auditEventAt, createSignedInStaff, maxEventId, signInAgain, signInEnv, staffOptions, systemOptions, webMeta, type Member,
} from "@/tests/fixtures/staff";

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:00.000Z");
let admin: Member;

beforeAll(async () => {
  t = await createTestDb();
  admin = await createSignedInStaff(t.db, clock, "admin.pipeline", "admin");
});
afterAll(async () => t?.close());

async function staffCount(): Promise<number> {
  const [row] = await t.db.select({ n: count() }).from(staff);
  return row!.n;
}

async function staffByLogin(loginId: string) {
  return t.db.select().from(staff).where(eq(staff.loginId, loginId));
}

async function eventsAfter(seq: number) {
  return t.db.select().from(auditEvents).where(gt(auditEvents.id, seq)).orderBy(auditEvents.id);
}

describe("the action pipeline", () => {
  it("commits an action's change and its success audit event together, with no secrets in the event", async () => {
    const before = await maxEventId(t.db);
    const result = await executeAction(
      createStaff,
      { loginId: "new.colleague", displayName: "山田 花子", role: "operator", initialPassword: PASSWORD },
      staffOptions(t.db, clock, admin),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;

    const [created] = await staffByLogin("new.colleague");
    expect(created).toMatchObject({ id: result.data.staffId, role: "operator", displayName: "山田 花子", totpSecretEnc: null, isDemo: false });

    const events = await eventsAfter(before);
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event).toMatchObject({
      id: result.auditEventId,
      action: "staff.create",
      outcome: "success",
      targetStaffId: result.data.staffId,
      actorType: "staff",
      actorId: admin.staffId,
      actorRole: "admin",
      channel: "web",
      ip: webMeta.ip,
      requestId: webMeta.requestId,
    });
    expect(event.details).toMatchObject({ after: { loginId: "new.colleague", role: "operator", isDemo: false } });
    const json = JSON.stringify(event);
    expect(json).not.toContain(PASSWORD);
    expect(json).not.toContain("$argon2");
    expect(json).not.toContain(created!.passwordHash);
    expect(await sealAndVerify(t.db)).toMatchObject({ ok: true });
  });

  it("rolls the change back and records an error (no success event) when run throws", async () => {
    const boom = defineAction({
      name: "test.boom",
      permission: "staff.create",
      input: z.object({ loginId: z.string() }),
      assurance: "none",
      subject: { kind: "none" },
      async run({ tx }, input) {
        await tx.insert(staff).values({ loginId: input.loginId, displayName: "Half done", role: "operator", passwordHash: "not-a-hash" });
        throw new Error("boom");
      },
    });
    const staffBefore = await staffCount();
    const before = await maxEventId(t.db);
    const errors: unknown[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    let result;
    try {
      result = await executeAction(boom, { loginId: "half.done" }, systemOptions(t.db, clock));
    } finally {
      console.error = originalError;
    }

    expect(result).toMatchObject({ ok: false, code: "internal_error" });
    expect(await staffByLogin("half.done")).toHaveLength(0);
    expect(await staffCount()).toBe(staffBefore);
    const events = await eventsAfter(before);
    expect(events.map((e) => [e.action, e.outcome])).toEqual([["test.boom", "error"]]);
    expect(events[0]!.id).toBe(result!.ok ? -1 : result!.auditEventId);
    // The error id in the message ties the operator's report to the event and the log line.
    const errorId = (events[0]!.details as { errorId?: string }).errorId;
    expect(errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result!.ok ? "" : result!.message).toContain(errorId);
    expect(JSON.stringify(errors)).toContain(errorId);
    expect(await sealAndVerify(t.db)).toMatchObject({ ok: true });
  });

  it("rolls the change back and records a failure when run refuses with an ActionError", async () => {
    const refusing = defineAction({
      name: "test.refuse",
      permission: "staff.create",
      input: z.object({ loginId: z.string() }),
      assurance: "none",
      subject: { kind: "none" },
      async run({ tx }, input) {
        await tx.insert(staff).values({ loginId: input.loginId, displayName: "Half done", role: "operator", passwordHash: "not-a-hash" });
        throw new ActionError("conflict", "staff.errors.loginIdTaken", { loginId: "staff.errors.loginIdTaken" });
      },
    });
    const staffBefore = await staffCount();
    const before = await maxEventId(t.db);
    const ja = await executeAction(refusing, { loginId: "refused.one" }, { ...systemOptions(t.db, clock), meta: { channel: "cli", locale: "ja" } });
    const en = await executeAction(refusing, { loginId: "refused.two" }, systemOptions(t.db, clock));

    expect(ja).toMatchObject({ ok: false, code: "conflict", message: "このログインIDは既に使われています。", fieldErrors: { loginId: ["このログインIDは既に使われています。"] } });
    expect(en).toMatchObject({ ok: false, code: "conflict", message: "This login ID is already in use.", fieldErrors: { loginId: ["This login ID is already in use."] } });
    expect(await staffCount()).toBe(staffBefore);
    const events = await eventsAfter(before);
    expect(events.map((e) => [e.action, e.outcome])).toEqual([
      ["test.refuse", "failed"],
      ["test.refuse", "failed"],
    ]);
    // Which refusal it was is recorded (and not mistaken for a secret "code" by the redactor).
    expect(events[0]!.details).toMatchObject({ stage: "run", errorCode: "conflict" });
  });

  it("a real conflict (login ID taken) changes nothing and is audited as failed", async () => {
    const staffBefore = await staffCount();
    const result = await executeAction(
      createStaff,
      { loginId: "NEW.COLLEAGUE", displayName: "Someone else", role: "teller", initialPassword: PASSWORD },
      staffOptions(t.db, clock, admin),
    );
    expect(result).toMatchObject({ ok: false, code: "conflict" });
    expect(await staffCount()).toBe(staffBefore);
    const [row] = await staffByLogin("new.colleague");
    expect(row!.role).toBe("operator");
    expect((await auditEventAt(t.db, result.ok ? undefined : result.auditEventId)).outcome).toBe("failed");
  });

  describe.each([
    {
      locale: "ja" as const,
      message: "入力内容に誤りがあります。各項目のメッセージを確認してください。",
      fields: {
        loginId: "半角英小文字・数字・「.」「_」「-」で入力してください（先頭は英数字）。",
        displayName: "入力してください。",
        role: "選択肢から選んでください。",
        initialPassword: "12文字以上で入力してください。",
      },
    },
    {
      locale: "en" as const,
      message: "Some entries need correcting; see the message by each field.",
      fields: {
        loginId: "Use lower-case letters, digits, '.', '_' or '-' (starting with a letter or digit).",
        displayName: "Required.",
        role: "Choose one of the options.",
        initialPassword: "Enter at least 12 characters.",
      },
    },
  ])("invalid input ($locale)", ({ locale, message, fields }) => {
    it("returns field errors in the operator's language, changes nothing and audits the field names only", async () => {
      const staffBefore = await staffCount();
      const before = await maxEventId(t.db);
      const input = { loginId: "Bad Login!", displayName: "   ", role: "superuser", initialPassword: "tiny-secret" };
      const result = await executeAction(createStaff, input, staffOptions(t.db, clock, admin, { ...webMeta, locale }));

      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.code).toBe("invalid_input");
      expect(result.message).toBe(message);
      expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(Object.keys(fields).sort());
      // Includes loginId, whose message is a catalogue key set on the schema itself.
      for (const [field, text] of Object.entries(fields)) expect(result.fieldErrors?.[field], field).toEqual([text]);

      expect(await staffCount()).toBe(staffBefore);
      const events = await eventsAfter(before);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ id: result.auditEventId, action: "staff.create", outcome: "invalid", actorId: admin.staffId });
      expect((events[0]!.details as { fields: string[] }).fields.slice().sort()).toEqual(Object.keys(fields).sort());
      const json = JSON.stringify(events[0]);
      for (const value of ["Bad Login!", "bad login!", "superuser", "tiny-secret"]) expect(json).not.toContain(value);
    });
  });

  it("a malformed staff id is an input error (translated), never a database error", async () => {
    const result = await executeAction(disableStaff, { staffId: "not-a-uuid", reason: "Testing input" }, staffOptions(t.db, clock, admin));
    expect(result).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { staffId: ["入力内容が正しくありません。"] } });
    expect((await auditEventAt(t.db, result.ok ? undefined : result.auditEventId)).details).toEqual({ stage: "validate", fields: ["staffId"] });
  });

  describe("authentication", () => {
    it.each([
      ["a bogus session id", () => ({ staffId: admin.staffId, sessionId: randomUUID() })],
      ["no session on the web", () => ({ staffId: admin.staffId, sessionId: null })],
      ["someone else's staff id with a live session", () => ({ staffId: randomUUID(), sessionId: admin.sessionId })],
    ])("refuses %s as unauthenticated and audits the denial", async (_label, actorOf) => {
      const staffBefore = await staffCount();
      const actor = actorOf();
      const result = await executeAction(
        createStaff,
        { loginId: `intruder.${randomUUID().slice(0, 8)}`, displayName: "Intruder", role: "admin", initialPassword: PASSWORD },
        { db: t.db, clock, actor: { type: "staff", ...actor }, meta: webMeta },
      );
      expect(result).toMatchObject({ ok: false, code: "unauthenticated", message: "セッションが切れています。もう一度サインインしてください。" });
      expect(await staffCount()).toBe(staffBefore);
      const event = await auditEventAt(t.db, result.ok ? undefined : result.auditEventId);
      expect(event).toMatchObject({ action: "staff.create", outcome: "denied", actorType: "anonymous", actorRole: null, actorId: actor.staffId });
      expect(event.details).toMatchObject({ stage: "authenticate" });
    });

    it("refuses a session id that is not a UUID as unauthenticated (no exception)", async () => {
      const result = await executeAction(
        createStaff,
        { loginId: "intruder.nonuuid", displayName: "Intruder", role: "admin", initialPassword: PASSWORD },
        { db: t.db, clock, actor: { type: "staff", staffId: admin.staffId, sessionId: "not-a-session" }, meta: webMeta },
      );
      expect(result).toMatchObject({ ok: false, code: "unauthenticated" });
    });

    it("refuses the anonymous actor and records the attempt without an id", async () => {
      const result = await executeAction(
        createStaff,
        { loginId: "anon.attempt", displayName: "Anon", role: "admin", initialPassword: PASSWORD },
        { db: t.db, clock, actor: { type: "anonymous" }, meta: webMeta },
      );
      expect(result).toMatchObject({ ok: false, code: "unauthenticated" });
      expect(await staffByLogin("anon.attempt")).toHaveLength(0);
      const event = await auditEventAt(t.db, result.ok ? undefined : result.auditEventId);
      expect(event).toMatchObject({ action: "staff.create", outcome: "denied", actorType: "anonymous", actorId: null, actorRole: null });
    });

    it("refuses the system actor outside the CLI", async () => {
      const result = await executeAction(
        createStaff,
        { loginId: "via.web", displayName: "Via web", role: "admin", initialPassword: PASSWORD },
        { ...systemOptions(t.db, clock), meta: webMeta },
      );
      expect(result).toMatchObject({ ok: false, code: "unauthenticated" });
      expect(await staffByLogin("via.web")).toHaveLength(0);
    });
  });

  it("a disabled staff member loses access at once, even with a live session", async () => {
    const colleague = await createSignedInStaff(t.db, clock, "admin.two", "admin");
    // Works before being disabled.
    const ok = await executeAction(
      createStaff,
      { loginId: "made.by.two", displayName: "Made by two", role: "operator", initialPassword: PASSWORD },
      staffOptions(t.db, clock, colleague),
    );
    expect(ok.ok).toBe(true);

    const disabled = await executeAction(disableStaff, { staffId: colleague.staffId, reason: "Left the bank" }, staffOptions(t.db, clock, admin));
    expect(disabled).toMatchObject({ ok: true });
    const event = await auditEventAt(t.db, disabled.ok ? disabled.auditEventId : undefined);
    expect(event).toMatchObject({ action: "staff.disable", outcome: "success", targetStaffId: colleague.staffId, reason: "Left the bank" });
    expect(event.details).toMatchObject({ endedSessions: 1 });

    const staffBefore = await staffCount();
    const after = await executeAction(
      createStaff,
      { loginId: "made.after.disable", displayName: "Too late", role: "operator", initialPassword: PASSWORD },
      staffOptions(t.db, clock, colleague),
    );
    expect(after).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await staffCount()).toBe(staffBefore);
    expect((await auditEventAt(t.db, after.ok ? undefined : after.auditEventId)).outcome).toBe("denied");

    // The CLI path (no session) re-reads the staff row too.
    const cli = await executeAction(
      createStaff,
      { loginId: "made.by.cli", displayName: "Too late", role: "operator", initialPassword: PASSWORD },
      { db: t.db, clock, actor: { type: "staff", staffId: colleague.staffId, sessionId: null }, meta: { channel: "cli", locale: "en" } },
    );
    expect(cli).toMatchObject({ ok: false, code: "unauthenticated" });

    const check = await checkSession(t.db, colleague.sessionId, clock.now(), { channel: "web" });
    expect(check.ok).toBe(false);
    expect(["disabled", "ended"]).toContain(check.ok ? "ok" : check.reason);
    const [session] = await t.db.select().from(staffSessions).where(eq(staffSessions.id, colleague.sessionId));
    expect(session).toMatchObject({ endReason: "disabled" });
    expect(session!.endedAt).not.toBeNull();

    // And cannot sign in again.
    clock.advance(STEP_MS);
    const signIn = await signInStaff(
      t.db,
      { loginId: colleague.loginId, password: PASSWORD, code: totpAt(colleague.secret, clock.now(), STAFF_TOTP) },
      signInEnv(clock),
    );
    expect(signIn).toEqual({ ok: false, reason: "invalid" });
  });

  describe("admins cannot act on their own account", () => {
    it.each([
      ["staff.disable", disableStaff, () => ({ staffId: admin.staffId, reason: "Trying on myself" })],
      ["staff.change_role", changeStaffRole, () => ({ staffId: admin.staffId, role: "auditor", reason: "Trying on myself" })],
      ["staff.reset_mfa", resetStaffMfa, () => ({ staffId: admin.staffId, reason: "Trying on myself" })],
    ] as const)("%s on oneself is forbidden and changes nothing", async (name, action, input) => {
      const [before] = await t.db.select().from(staff).where(eq(staff.id, admin.staffId));
      // The actions have different input types; each row pairs an action with its own input.
      const result = await executeAction(action as typeof disableStaff, input(), staffOptions(t.db, clock, admin));
      expect(result).toMatchObject({ ok: false, code: "forbidden" });
      const event = await auditEventAt(t.db, result.ok ? undefined : result.auditEventId);
      expect(event).toMatchObject({ action: name, outcome: "denied", actorId: admin.staffId, targetStaffId: admin.staffId });
      const [after] = await t.db.select().from(staff).where(eq(staff.id, admin.staffId));
      expect(after).toEqual(before);
      const check = await checkSession(t.db, admin.sessionId, clock.now(), { channel: "web" });
      expect(check.ok).toBe(true);
    });
  });

  it("reset MFA clears the authenticator and ends sessions: the next sign-in must enrol again", async () => {
    const member = await createSignedInStaff(t.db, clock, "lost.phone", "teller");
    const result = await executeAction(resetStaffMfa, { staffId: member.staffId, reason: "Phone lost" }, staffOptions(t.db, clock, admin));
    expect(result).toMatchObject({ ok: true });
    const event = await auditEventAt(t.db, result.ok ? result.auditEventId : undefined);
    expect(event).toMatchObject({ action: "staff.reset_mfa", outcome: "success", targetStaffId: member.staffId, reason: "Phone lost" });
    expect(event.details).toMatchObject({ before: { mfaEnrolled: true }, after: { mfaEnrolled: false }, endedSessions: 1 });

    const [row] = await t.db.select().from(staff).where(eq(staff.id, member.staffId));
    expect(row).toMatchObject({ totpSecretEnc: null, totpPendingSecretEnc: null, totpLastStep: null });
    expect(await checkSession(t.db, member.sessionId, clock.now(), { channel: "web" })).toEqual({ ok: false, reason: "ended" });

    clock.advance(STEP_MS);
    const old = await signInStaff(
      t.db,
      { loginId: member.loginId, password: PASSWORD, code: totpAt(member.secret, clock.now(), STAFF_TOTP) },
      signInEnv(clock),
    );
    expect(old).toEqual({ ok: false, reason: "enrolment_required" });
  });

  it("change role updates the role and ends the member's sessions", async () => {
    const member = await createSignedInStaff(t.db, clock, "promoted.one", "operator");
    const secondSession = await signInAgain(t.db, clock, member);
    const result = await executeAction(changeStaffRole, { staffId: member.staffId, role: "supervisor", reason: "Promotion" }, staffOptions(t.db, clock, admin));
    expect(result).toMatchObject({ ok: true });
    const event = await auditEventAt(t.db, result.ok ? result.auditEventId : undefined);
    expect(event.details).toMatchObject({ before: { role: "operator" }, after: { role: "supervisor" }, endedSessions: 2 });

    const [row] = await t.db.select().from(staff).where(eq(staff.id, member.staffId));
    expect(row!.role).toBe("supervisor");
    for (const id of [member.sessionId, secondSession]) {
      const [session] = await t.db.select().from(staffSessions).where(eq(staffSessions.id, id));
      expect(session).toMatchObject({ endReason: "role_changed" });
      expect(await checkSession(t.db, id, clock.now(), { channel: "web" })).toEqual({ ok: false, reason: "ended" });
    }
    const same = await executeAction(changeStaffRole, { staffId: member.staffId, role: "supervisor", reason: "Again" }, staffOptions(t.db, clock, admin));
    expect(same).toMatchObject({ ok: false, code: "conflict" });
    expect(await sealAndVerify(t.db)).toMatchObject({ ok: true });
  });
});
