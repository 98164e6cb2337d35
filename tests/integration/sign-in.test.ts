import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { staff, staffSessions } from "@/db/schema";
import { sealAndVerify } from "@/tests/fixtures/audit";
import { checkSession, SESSION_IDLE_MS, SESSION_MAX_MS } from "@/lib/auth/sessions";
import { MAX_FAILED_SIGN_INS, SIGN_IN_LOCK_MS, signInStaff, startTotpEnrolment } from "@/lib/auth/sign-in";
import { demoTotpSecret } from "@/lib/demo/accounts";
import { base32Encode } from "@/lib/otp/base32";
import { STAFF_TOTP, totpAt } from "@/lib/otp/totp";
import { MINUTE, fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import {
  PASSWORD, STEP_MS, allAuditEvents, createSignedInStaff, createStaffMember, maxEventId, signInAgain, signInEnv, type Member,
} from "@/tests/fixtures/staff";

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:00.000Z");
const ctx = { channel: "web" as const };

/** Everything secret this file ever typed or generated; no audit row may contain any of it. */
const secrets = new Set<string>([PASSWORD]);
/** Every TOTP code this file used (six digits: matched as a whole number, not inside a hash). */
const codes = new Set<string>();

function remember(member: Member): Member {
  secrets.add(member.secretBase32);
  secrets.add(member.secret.toString("hex"));
  secrets.add(member.secret.toString("base64"));
  return member;
}

/** The current code for a member, recorded as a secret. */
function codeNow(secret: Buffer): string {
  const code = totpAt(secret, clock.now(), STAFF_TOTP);
  codes.add(code);
  return code;
}

/** A six-digit code that is not valid for this secret at any step the verifier accepts now. */
function wrongCode(secret: Buffer): string {
  const valid = new Set([-1, 0, 1].map((d) => totpAt(secret, clock.now(), STAFF_TOTP, d)));
  for (let n = 123456; ; n++) {
    const code = String(n).padStart(6, "0");
    if (!valid.has(code)) {
      codes.add(code);
      return code;
    }
  }
}

async function eventsAfter(seq: number) {
  return (await allAuditEvents(t.db)).filter((e) => e.id > seq);
}

async function staffRow(id: string) {
  const [row] = await t.db.select().from(staff).where(eq(staff.id, id));
  return row!;
}

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.close());

describe("staff sign-in", () => {
  let alice: Member;

  it("password + TOTP signs in: a session row and an auth.sign_in success event", async () => {
    alice = remember(await createSignedInStaff(t.db, clock, "alice", "operator"));
    const before = await maxEventId(t.db);
    clock.advance(STEP_MS);
    const result = await signInStaff(t.db, { loginId: "alice", password: PASSWORD, code: codeNow(alice.secret) }, signInEnv(clock));
    expect(result).toEqual({ ok: true, staffId: alice.staffId, sessionId: expect.any(String) });
    if (!result.ok) return;

    const [session] = await t.db.select().from(staffSessions).where(eq(staffSessions.id, result.sessionId));
    expect(session).toMatchObject({ staffId: alice.staffId, endedAt: null, ip: "192.0.2.10", userAgent: "vitest" });
    expect(session!.createdAt.getTime()).toBe(clock.now().getTime());

    const events = await eventsAfter(before);
    expect(events.map((e) => [e.action, e.outcome, e.actorId])).toEqual([["auth.sign_in", "success", alice.staffId]]);
    expect(events[0]).toMatchObject({ actorType: "staff", actorRole: "operator", targetStaffId: alice.staffId, channel: "web" });
    expect((await staffRow(alice.staffId)).lastSignInAt?.getTime()).toBe(clock.now().getTime());
  });

  it("the first sign-in with the enrolment secret confirms the authenticator (auth.mfa_enrolled)", async () => {
    const events = (await allAuditEvents(t.db)).filter((e) => e.targetStaffId === alice.staffId).map((e) => e.action);
    expect(events).toEqual(["staff.create", "auth.mfa_enrolment_started", "auth.mfa_enrolled", "auth.sign_in", "auth.sign_in"]);
    const row = await staffRow(alice.staffId);
    expect(row.totpSecretEnc).not.toBeNull();
    expect(row.totpPendingSecretEnc).toBeNull();
  });

  it("login ID is matched case-insensitively", async () => {
    clock.advance(STEP_MS);
    const result = await signInStaff(t.db, { loginId: "  ALICE ", password: PASSWORD, code: codeNow(alice.secret) }, signInEnv(clock));
    expect(result.ok).toBe(true);
  });

  it("a wrong password is 'invalid' and audited as failed", async () => {
    clock.advance(STEP_MS);
    const before = await maxEventId(t.db);
    const wrong = "Wrong-Password-0000";
    secrets.add(wrong);
    const result = await signInStaff(t.db, { loginId: "alice", password: wrong, code: codeNow(alice.secret) }, signInEnv(clock));
    expect(result).toEqual({ ok: false, reason: "invalid" });
    const events = await eventsAfter(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "auth.sign_in", outcome: "failed", actorId: alice.staffId, targetStaffId: alice.staffId });
    expect(events[0]!.details).toMatchObject({ reason: "bad_password", failedSignIns: 1 });
    expect(await t.db.select().from(staffSessions).where(eq(staffSessions.staffId, alice.staffId))).toHaveLength(3);
  });

  it("a wrong code is 'invalid' and audited as failed", async () => {
    const before = await maxEventId(t.db);
    const result = await signInStaff(t.db, { loginId: "alice", password: PASSWORD, code: wrongCode(alice.secret) }, signInEnv(clock));
    expect(result).toEqual({ ok: false, reason: "invalid" });
    const events = await eventsAfter(before);
    expect(events.map((e) => [e.action, e.outcome])).toEqual([["auth.sign_in", "failed"]]);
    expect(events[0]!.details).toMatchObject({ reason: "bad_code", failedSignIns: 2, replay: false });
  });

  it("a successful sign-in resets the failure count", async () => {
    clock.advance(STEP_MS);
    expect((await staffRow(alice.staffId)).failedSignIns).toBe(2);
    const result = await signInStaff(t.db, { loginId: "alice", password: PASSWORD, code: codeNow(alice.secret) }, signInEnv(clock));
    expect(result.ok).toBe(true);
    expect((await staffRow(alice.staffId)).failedSignIns).toBe(0);
  });

  it("an unknown login ID gets exactly the same answer, audited as anonymous", async () => {
    clock.advance(STEP_MS);
    const wrongPassword = await signInStaff(t.db, { loginId: "alice", password: "Not-Alices-Password-1", code: "000000" }, signInEnv(clock));
    secrets.add("Not-Alices-Password-1");
    const before = await maxEventId(t.db);
    const unknown = await signInStaff(t.db, { loginId: "nobody.here", password: PASSWORD, code: codeNow(alice.secret) }, signInEnv(clock));
    expect(unknown).toEqual(wrongPassword);
    expect(unknown).toEqual({ ok: false, reason: "invalid" });

    const events = await eventsAfter(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "auth.sign_in", outcome: "failed", actorType: "anonymous", actorId: null, actorRole: null, targetStaffId: null });
    expect(events[0]!.details).toMatchObject({ reason: "unknown_login", loginId: "nobody.here" });
  });

  it("something typed into the login field that is not a login ID (e.g. a password) is not recorded", async () => {
    const typed = "My Secret Password!";
    secrets.add(typed);
    const before = await maxEventId(t.db);
    const result = await signInStaff(t.db, { loginId: typed, password: typed, code: "123456" }, signInEnv(clock));
    expect(result).toEqual({ ok: false, reason: "invalid" });
    const [event] = await eventsAfter(before);
    expect(event!.details).toMatchObject({ reason: "unknown_login", loginId: "(invalid format)" });
  });

  it("a replayed code (same step) is refused", async () => {
    clock.advance(STEP_MS);
    const code = codeNow(alice.secret);
    const first = await signInStaff(t.db, { loginId: "alice", password: PASSWORD, code }, signInEnv(clock));
    expect(first.ok).toBe(true);
    const before = await maxEventId(t.db);
    const replay = await signInStaff(t.db, { loginId: "alice", password: PASSWORD, code }, signInEnv(clock));
    expect(replay).toEqual({ ok: false, reason: "invalid" });
    const [event] = await eventsAfter(before);
    expect(event).toMatchObject({ action: "auth.sign_in", outcome: "failed" });
    expect(event!.details).toMatchObject({ reason: "bad_code", replay: true });
    // Nor is the previous step's code, once a later step was used.
    clock.advance(STEP_MS);
    const previous = totpAt(alice.secret, clock.now(), STAFF_TOTP, -1);
    expect(await signInStaff(t.db, { loginId: "alice", password: PASSWORD, code: previous }, signInEnv(clock))).toEqual({ ok: false, reason: "invalid" });
    // The next step's code still works.
    expect((await signInStaff(t.db, { loginId: "alice", password: PASSWORD, code: codeNow(alice.secret) }, signInEnv(clock))).ok).toBe(true);
  });

  it("the 10th consecutive failure locks the account for 30 minutes, even against the right password and code", async () => {
    const bob = remember(await createSignedInStaff(t.db, clock, "bob", "teller"));
    const before = await maxEventId(t.db);
    for (let i = 1; i <= MAX_FAILED_SIGN_INS; i++) {
      // Alternate the failing factor: both count towards the same limit.
      const input = i % 2 ? { password: `Bad-Password-${i}-xxxx`, code: codeNow(bob.secret) } : { password: PASSWORD, code: wrongCode(bob.secret) };
      secrets.add(input.password);
      expect(await signInStaff(t.db, { loginId: "bob", ...input }, signInEnv(clock))).toEqual({ ok: false, reason: "invalid" });
      if (i < MAX_FAILED_SIGN_INS) expect((await staffRow(bob.staffId)).lockedUntil).toBeNull();
    }
    const lockedAt = clock.now().getTime();
    const row = await staffRow(bob.staffId);
    expect(row.lockedUntil?.getTime()).toBe(lockedAt + SIGN_IN_LOCK_MS);
    expect(SIGN_IN_LOCK_MS).toBe(30 * MINUTE);

    const events = await eventsAfter(before);
    expect(events.filter((e) => e.action === "auth.sign_in" && e.outcome === "failed")).toHaveLength(MAX_FAILED_SIGN_INS);
    const locked = events.filter((e) => e.action === "auth.locked");
    expect(locked).toHaveLength(1);
    expect(locked[0]).toMatchObject({ outcome: "success", targetStaffId: bob.staffId });
    expect(locked[0]!.details).toMatchObject({ failedSignIns: MAX_FAILED_SIGN_INS });

    // Right password and code, 29 minutes later: still refused, and audited as denied (locked).
    clock.advance(29 * MINUTE);
    const beforeLocked = await maxEventId(t.db);
    expect(await signInStaff(t.db, { loginId: "bob", password: PASSWORD, code: codeNow(bob.secret) }, signInEnv(clock))).toEqual({ ok: false, reason: "invalid" });
    const [denied] = await eventsAfter(beforeLocked);
    expect(denied).toMatchObject({ action: "auth.sign_in", outcome: "denied" });
    expect(denied!.details).toMatchObject({ reason: "locked" });

    // Once the 30 minutes have passed, the right credentials work again.
    clock.set(new Date(lockedAt + SIGN_IN_LOCK_MS + 1000));
    const after = await signInStaff(t.db, { loginId: "bob", password: PASSWORD, code: codeNow(bob.secret) }, signInEnv(clock));
    expect(after).toMatchObject({ ok: true, staffId: bob.staffId });
    expect(await staffRow(bob.staffId)).toMatchObject({ failedSignIns: 0, lockedUntil: null });
  });

  it("nine failures and then the right password and code sign in: the count starts over, no lock", async () => {
    const erin = remember(await createSignedInStaff(t.db, clock, "erin", "operator"));
    clock.advance(STEP_MS);
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) {
      expect(await signInStaff(t.db, { loginId: "erin", password: `Bad-Password-${i}-yyyy`, code: codeNow(erin.secret) }, signInEnv(clock))).toEqual({ ok: false, reason: "invalid" });
      secrets.add(`Bad-Password-${i}-yyyy`);
    }
    expect(await staffRow(erin.staffId)).toMatchObject({ failedSignIns: MAX_FAILED_SIGN_INS - 1, lockedUntil: null });
    const before = await maxEventId(t.db);
    const result = await signInStaff(t.db, { loginId: "erin", password: PASSWORD, code: codeNow(erin.secret) }, signInEnv(clock));
    expect(result).toMatchObject({ ok: true, staffId: erin.staffId });
    expect(await staffRow(erin.staffId)).toMatchObject({ failedSignIns: 0, lockedUntil: null });
    expect((await eventsAfter(before)).map((e) => e.action)).toEqual(["auth.sign_in"]);
  });

  it("a locked account answers the right password with the same message, in about the time of a wrong one", async () => {
    const fay = remember(await createSignedInStaff(t.db, clock, "fay", "operator"));
    const timed = async (password: string) => {
      const started = performance.now();
      const result = await signInStaff(t.db, { loginId: "fay", password, code: codeNow(fay.secret) }, signInEnv(clock));
      return { result, ms: performance.now() - started };
    };
    const wrong: number[] = [];
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) wrong.push((await timed(`Bad-Password-fay-${i}`)).ms);
    secrets.add("Bad-Password-fay-");
    const locked: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { result, ms } = await timed(PASSWORD);
      expect(result).toEqual({ ok: false, reason: "invalid" });
      locked.push(ms);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // Refused unchecked, but after spending one argon2 check like a wrong password does.
    expect(median(locked)).toBeGreaterThan(median(wrong) * 0.4);
    expect((await staffRow(fay.staffId)).lockedUntil).not.toBeNull();
  });

  it("asking an enrolled account to enrol again counts as a failure (it cannot reset the count)", async () => {
    const gus = remember(await createSignedInStaff(t.db, clock, "gus", "operator"));
    await signInStaff(t.db, { loginId: "gus", password: PASSWORD, code: wrongCode(gus.secret) }, signInEnv(clock));
    const before = await maxEventId(t.db);
    expect(await startTotpEnrolment(t.db, { loginId: "gus", password: PASSWORD }, signInEnv(clock))).toEqual({ ok: false });
    expect((await staffRow(gus.staffId)).failedSignIns).toBe(2);
    const [event] = await eventsAfter(before);
    expect(event).toMatchObject({ action: "auth.mfa_enrolment_started", outcome: "denied" });
    expect(event!.details).toMatchObject({ reason: "already_enrolled", failedSignIns: 2 });
  });

  it("a password without an enrolled authenticator asks for enrolment and creates no session", async () => {
    const id = await createStaffMember(t.db, clock, { loginId: "carol", role: "auditor" });
    const result = await signInStaff(t.db, { loginId: "carol", password: PASSWORD, code: "123456" }, signInEnv(clock));
    expect(result).toEqual({ ok: false, reason: "enrolment_required" });
    expect(await t.db.select().from(staffSessions).where(eq(staffSessions.staffId, id))).toHaveLength(0);
    // A wrong password does not reveal that the account needs enrolment.
    expect(await signInStaff(t.db, { loginId: "carol", password: "Wrong-Password-0000", code: "123456" }, signInEnv(clock))).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  describe("demo accounts", () => {
    const demoPassword = "Demo-Password-2026!";
    let demoId: string;
    let demoSecret: Buffer;

    beforeAll(async () => {
      secrets.add(demoPassword);
      demoId = await createStaffMember(t.db, clock, { loginId: "demo.operator", role: "operator", password: demoPassword, isDemo: true });
      demoSecret = demoTotpSecret("demo.operator");
      secrets.add(base32Encode(demoSecret));
      secrets.add(demoSecret.toString("hex"));
    });

    it("come enrolled with the derived demo secret and sign in when demo mode is on", async () => {
      expect(await staffRow(demoId)).toMatchObject({ isDemo: true, totpPendingSecretEnc: null });
      expect((await staffRow(demoId)).totpSecretEnc).not.toBeNull();
      clock.advance(STEP_MS);
      const result = await signInStaff(t.db, { loginId: "demo.operator", password: demoPassword, code: codeNow(demoSecret) }, signInEnv(clock, true));
      expect(result).toMatchObject({ ok: true, staffId: demoId });
    });

    it("are refused when demo mode is off, even with the right password and code", async () => {
      clock.advance(STEP_MS);
      const before = await maxEventId(t.db);
      const result = await signInStaff(t.db, { loginId: "demo.operator", password: demoPassword, code: codeNow(demoSecret) }, signInEnv(clock, false));
      expect(result).toEqual({ ok: false, reason: "invalid" });
      const [event] = await eventsAfter(before);
      expect(event).toMatchObject({ action: "auth.sign_in", outcome: "denied", targetStaffId: demoId });
      expect(event!.details).toMatchObject({ reason: "demo_refused" });
    });
  });
});

describe("staff sessions", () => {
  let dave: Member;

  beforeAll(async () => {
    dave = remember(await createSignedInStaff(t.db, clock, "dave", "supervisor"));
  });

  it("end after SESSION_IDLE_MS of inactivity, recorded once as auth.session_ended", async () => {
    const sessionId = await signInAgain(t.db, clock, dave);
    expect((await checkSession(t.db, sessionId, clock.now(), ctx)).ok).toBe(true);
    clock.advance(SESSION_IDLE_MS + 1);
    const before = await maxEventId(t.db);
    expect(await checkSession(t.db, sessionId, clock.now(), ctx)).toEqual({ ok: false, reason: "idle" });
    const events = await eventsAfter(before);
    expect(events.map((e) => [e.action, e.outcome, e.targetStaffId])).toEqual([["auth.session_ended", "success", dave.staffId]]);
    expect(events[0]!.details).toMatchObject({ reason: "idle" });
    const [row] = await t.db.select().from(staffSessions).where(eq(staffSessions.id, sessionId));
    expect(row).toMatchObject({ endReason: "idle" });

    // Later checks say "ended" and record nothing more.
    expect(await checkSession(t.db, sessionId, clock.now(), ctx)).toEqual({ ok: false, reason: "ended" });
    expect(await eventsAfter(before)).toHaveLength(1);
  });

  it("stay alive while there is activity within the idle limit", async () => {
    const sessionId = await signInAgain(t.db, clock, dave);
    for (let i = 0; i < 4; i++) {
      clock.advance(SESSION_IDLE_MS - MINUTE);
      expect((await checkSession(t.db, sessionId, clock.now(), ctx)).ok).toBe(true);
    }
    // Exactly at the limit is still fine.
    clock.advance(SESSION_IDLE_MS);
    expect((await checkSession(t.db, sessionId, clock.now(), ctx)).ok).toBe(true);
  });

  it("end after SESSION_MAX_MS however active", async () => {
    const sessionId = await signInAgain(t.db, clock, dave);
    const started = clock.now().getTime();
    const every = SESSION_IDLE_MS - MINUTE;
    while (clock.now().getTime() + every <= started + SESSION_MAX_MS) {
      clock.advance(every);
      const check = await checkSession(t.db, sessionId, clock.now(), ctx);
      expect(check.ok, new Date(clock.now()).toISOString()).toBe(true);
    }
    clock.set(new Date(started + SESSION_MAX_MS + 1));
    const before = await maxEventId(t.db);
    expect(await checkSession(t.db, sessionId, clock.now(), ctx)).toEqual({ ok: false, reason: "max_age" });
    const [event] = await eventsAfter(before);
    expect(event).toMatchObject({ action: "auth.session_ended" });
    expect(event!.details).toMatchObject({ reason: "max_age" });
  });

  it("an unknown session id is 'unknown'", async () => {
    expect(await checkSession(t.db, "00000000-0000-4000-8000-000000000000", clock.now(), ctx)).toEqual({ ok: false, reason: "unknown" });
  });
});

describe("the audit trail of sign-ins", () => {
  it("never contains a password, a TOTP code or an authenticator secret", async () => {
    const rows = await allAuditEvents(t.db);
    expect(rows.length).toBeGreaterThan(40);
    const json = JSON.stringify(rows);
    expect(secrets.size).toBeGreaterThan(20);
    for (const secret of secrets) expect(json, `audit log contains ${secret}`).not.toContain(secret);
    expect(json).not.toContain("$argon2");
    expect(codes.size).toBeGreaterThan(10);
    for (const code of codes) expect(json, `audit log contains the code ${code}`).not.toMatch(new RegExp(`(?<![0-9a-f])${code}(?![0-9a-f])`));
  });

  it("leaves an intact hash chain", async () => {
    expect(await sealAndVerify(t.db)).toMatchObject({ ok: true });
  });
});
