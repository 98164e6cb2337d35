import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { executeAction } from "@/lib/actions/execute";
import { disableStaff } from "@/lib/actions/staff/disable-staff";
import { authOptions } from "@/lib/auth/options";
import { STAFF_TOTP, totpAt } from "@/lib/otp/totp";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, TEST_RUNTIME_ROLE, type TestDb } from "@/tests/fixtures/db";
import { signInErrorOf, signInThroughNextAuth, type SignInFields } from "@/tests/fixtures/next-auth";
import { PASSWORD, STEP_MS, createSignedInStaff, cliMeta, createStaffMember, type Member } from "@/tests/fixtures/staff";
import { onPostgres, recordFigure } from "./figures";

/**
 * Login-ID enumeration through a failing attempt counter: the counter's UPDATE runs only for an ID
 * that exists, so when that statement fails, an unknown ID must still not answer differently from
 * a known one — whatever the password, and for disabled and demo accounts too.
 */

let t: TestDb;
let known: Member;
const clock = fixedClock("2026-11-22T05:00:00.000Z");
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const demoBefore = process.env.TOKENDESK_DEMO;

beforeAll(async () => {
  // Outside demo mode, so a demo account is one more refused-but-existing ID.
  process.env.TOKENDESK_DEMO = "0";
  t = await createTestDb();
  known = await createSignedInStaff(t.db, clock, "known.kai", "operator");
  const adminId = await createStaffMember(t.db, clock, { loginId: "enum.admin", role: "admin" });
  const goneId = await createStaffMember(t.db, clock, { loginId: "gone.gil", role: "operator" });
  const asAdmin = { db: t.db, clock, actor: { type: "staff" as const, staffId: adminId, sessionId: null }, meta: cliMeta };
  expect(await executeAction(disableStaff, { staffId: goneId, reason: "退職のため" }, asAdmin)).toMatchObject({ ok: true });
  await createStaffMember(t.db, clock, { loginId: "demo.dee", role: "operator", isDemo: true });
});
afterAll(async () => {
  if (demoBefore === undefined) delete process.env.TOKENDESK_DEMO;
  else process.env.TOKENDESK_DEMO = demoBefore;
  await t?.close();
});

let repair: (() => Promise<unknown>) | null = null;
afterEach(async () => {
  await repair?.();
  repair = null;
  vi.restoreAllMocks();
});

/**
 * Makes the attempt counter's UPDATE of `staff` fail as a deployment can: on PostgreSQL the
 * runtime role loses its UPDATE grant (a half-applied migration); PGlite has one superuser, so
 * there a statement trigger refuses every UPDATE of the table.
 */
async function breakCounter(): Promise<() => Promise<unknown>> {
  if (onPostgres) {
    await t.raw(`revoke update on public.staff from ${TEST_RUNTIME_ROLE}`);
    return () => t.raw(`grant update on public.staff to ${TEST_RUNTIME_ROLE}`);
  }
  await t.raw(`create or replace function td_test_no_count() returns trigger language plpgsql as $$ begin raise exception 'permission denied for table staff'; end $$`);
  await t.raw(`create trigger td_test_no_count before update on staff for each statement execute function td_test_no_count()`);
  return () => t.raw(`drop trigger td_test_no_count on staff`);
}

const options = () => authOptions({ db: async () => t.db, clock });

describe("sign-in with the attempt counter failing", () => {
  it("answers a known, a disabled, a demo and an unknown login ID the same, with no error id", async () => {
    repair = await breakCounter();
    clock.advance(STEP_MS);
    const attempts: Record<string, SignInFields> = {
      "known ID, right password and code": { loginId: known.loginId, password: PASSWORD, code: totpAt(known.secret, clock.now(), STAFF_TOTP) },
      "known ID, wrong password": { loginId: known.loginId, password: "Wrong-Password-0000", code: "000000" },
      "disabled ID": { loginId: "gone.gil", password: PASSWORD, code: "000000" },
      "demo ID outside demo mode": { loginId: "demo.dee", password: PASSWORD, code: "000000" },
      "unknown ID": { loginId: "nobody.here", password: PASSWORD, code: "000000" },
    };
    const logged: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: unknown) => void logged.push(String(line)));

    const answers: Record<string, { status: number | undefined; redirect: string | undefined; error: string | null }> = {};
    const seen: string[] = [];
    for (const [name, fields] of Object.entries(attempts)) {
      const response = await signInThroughNextAuth(options, fields);
      answers[name] = { status: response.status, redirect: response.redirect, error: signInErrorOf(response) };
      seen.push(JSON.stringify(response));
    }
    const distinct = new Set(Object.values(answers).map((a) => JSON.stringify(a)));
    recordFigure("sign-in-enumeration", "Sign-in with its attempt counter failing: distinct answers for known / disabled / demo / unknown login IDs", distinct.size);
    // One answer for all: the counter failed for every ID alike, and the client learns only that.
    expect(answers, "answers differ between login IDs").toEqual(Object.fromEntries(Object.keys(attempts).map((name) => [name, answers["unknown ID"]])));
    expect(answers["unknown ID"]).toMatchObject({ status: 401, error: "unavailable" });
    expect(seen.join("\n"), "an error id reached the client").not.toMatch(UUID);

    // The error ids stay in the server log: one JSON line per attempt, none naming the login ID.
    const lines = logged.filter((l) => l.includes('"event":"sign_in_error"'));
    expect(lines).toHaveLength(Object.keys(attempts).length);
    for (const line of lines) {
      expect(JSON.parse(line)).toMatchObject({ level: "error", event: "sign_in_error", errorId: expect.stringMatching(UUID) });
      for (const loginId of ["known.kai", "gone.gil", "demo.dee", "nobody.here"]) expect(line).not.toContain(loginId);
    }
  });

  it("with the counter working again, the known ID signs in (the failure above was the counter's)", async () => {
    clock.advance(STEP_MS);
    const response = await signInThroughNextAuth(options, { loginId: known.loginId, password: PASSWORD, code: totpAt(known.secret, clock.now(), STAFF_TOTP) });
    expect(signInErrorOf(response)).toBeNull();
    expect((response.cookies ?? []).map((c) => c.name)).toContain("next-auth.session-token");
  });
});
