import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { staff, staffSessions } from "@/db/schema";
import { verifyAuditChain } from "@/lib/audit/verify";
import { MAX_FAILED_SIGN_INS, SIGN_IN_LOCK_MS, signInStaff } from "@/lib/auth/sign-in";
import { STAFF_TOTP, totpAt } from "@/lib/otp/totp";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { PASSWORD, allAuditEvents, createSignedInStaff, signInEnv, STEP_MS } from "@/tests/fixtures/staff";
import { onPostgres, pgliteSkipReason, recordFigure } from "./figures";

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:00.000Z");

beforeAll(async () => {
  if (!onPostgres) return;
  t = await createTestDb();
});
afterAll(async () => t?.close());

/** What the audit trail says about one member's sign-in attempts since `fromSeq`. */
async function attempts(staffId: string, fromSeq: number) {
  const events = (await allAuditEvents(t.db)).filter((e) => e.id > fromSeq && e.targetStaffId === staffId);
  const signIns = events.filter((e) => e.action === "auth.sign_in");
  const details = (e: (typeof events)[number]) => e.details as { reason?: string; failedSignIns?: number };
  return {
    // An attempt whose factors were checked is counted: its event carries its place in the count.
    evaluated: signIns.filter((e) => details(e).failedSignIns !== undefined || e.outcome === "success").length,
    refusedLocked: signIns.filter((e) => details(e).reason === "locked" && details(e).failedSignIns === undefined).length,
    badPassword: signIns.filter((e) => details(e).reason === "bad_password").length,
    successes: signIns.filter((e) => e.outcome === "success").length,
    lockEvents: events.filter((e) => e.action === "auth.locked").length,
    total: signIns.length,
  };
}

async function lastSeq() {
  const rows = await allAuditEvents(t.db);
  return rows.at(-1)?.id ?? 0;
}

async function staffRow(id: string) {
  const [row] = await t.db.select().from(staff).where(eq(staff.id, id));
  return row!;
}

async function sessionCount(staffId: string) {
  return (await t.db.select().from(staffSessions).where(eq(staffSessions.staffId, staffId))).length;
}

if (!onPostgres) console.log(`staff sign-in races skipped: ${pgliteSkipReason}`);

describe.skipIf(!onPostgres)("staff sign-in races", () => {
  it("150 parallel wrong passwords: exactly 10 are checked, the account locks once, the rest are refused unchecked", async () => {
    const member = await createSignedInStaff(t.db, clock, "race.lock", "operator");
    clock.advance(STEP_MS);
    const before = await lastSeq();
    const code = totpAt(member.secret, clock.now(), STAFF_TOTP);
    const results = await Promise.all(
      Array.from({ length: 150 }, (_, i) => signInStaff(t.db, { loginId: member.loginId, password: `Wrong-Password-${i}-xx`, code }, signInEnv(clock))),
    );
    const seen = await attempts(member.staffId, before);
    recordFigure("signin-lock-race", "Staff sign-in: 150 parallel wrong passwords → passwords evaluated", seen.evaluated);
    expect(results.every((r) => !r.ok && r.reason === "invalid")).toBe(true);
    expect(seen).toMatchObject({ evaluated: MAX_FAILED_SIGN_INS, badPassword: MAX_FAILED_SIGN_INS, refusedLocked: 140, lockEvents: 1, total: 150 });
    expect((await staffRow(member.staffId)).lockedUntil?.getTime()).toBe(clock.now().getTime() + SIGN_IN_LOCK_MS);
  });

  it("39 wrong passwords + the right password and code in parallel: no session once the lock is written, and the lock stays", async () => {
    const member = await createSignedInStaff(t.db, clock, "race.right", "operator");
    clock.advance(STEP_MS);
    const before = await lastSeq();
    const sessionsBefore = await sessionCount(member.staffId);
    const code = totpAt(member.secret, clock.now(), STAFF_TOTP);
    const inputs = [...Array.from({ length: 39 }, (_, i) => ({ password: `Wrong-Password-${i}-xx`, code })), { password: PASSWORD, code }];
    const results = await Promise.all(inputs.map((input) => signInStaff(t.db, { loginId: member.loginId, ...input }, signInEnv(clock))));
    const sessions = (await sessionCount(member.staffId)) - sessionsBefore;
    const seen = await attempts(member.staffId, before);
    recordFigure("signin-lock-right-password", "Staff sign-in: 39 wrong + 1 right in parallel → sessions after lock", sessions);
    expect(seen.evaluated).toBeLessThanOrEqual(MAX_FAILED_SIGN_INS);
    expect(seen.total).toBe(40);
    // The right attempt came last: the lock was written before it could be counted.
    expect(results.at(-1)).toEqual({ ok: false, reason: "invalid" });
    expect(sessions).toBe(0);
    expect(seen).toMatchObject({ successes: 0, lockEvents: 1 });
    expect((await staffRow(member.staffId)).lockedUntil?.getTime()).toBe(clock.now().getTime() + SIGN_IN_LOCK_MS);
  });

  it("20 parallel sign-ins with one TOTP code: exactly one session", async () => {
    const member = await createSignedInStaff(t.db, clock, "race.replay", "operator");
    clock.advance(STEP_MS);
    const before = await lastSeq();
    const sessionsBefore = await sessionCount(member.staffId);
    const code = totpAt(member.secret, clock.now(), STAFF_TOTP);
    const results = await Promise.all(Array.from({ length: 20 }, () => signInStaff(t.db, { loginId: member.loginId, password: PASSWORD, code }, signInEnv(clock))));
    const sessions = (await sessionCount(member.staffId)) - sessionsBefore;
    recordFigure("signin-totp-replay", "Staff sign-in: 20 parallel sign-ins with one TOTP code → sessions", sessions);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(sessions).toBe(1);
    const seen = await attempts(member.staffId, before);
    expect(seen.successes).toBe(1);
    expect(seen.total).toBe(20);
    // The winner leaves the account usable: a later code still signs in.
    clock.advance(STEP_MS);
    const next = await signInStaff(t.db, { loginId: member.loginId, password: PASSWORD, code: totpAt(member.secret, clock.now(), STAFF_TOTP) }, signInEnv(clock));
    expect(next.ok).toBe(true);
  });

  it("leaves an intact audit chain", async () => {
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
