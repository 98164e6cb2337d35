import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { parseSignInError } from "@/lib/auth/sign-in-errors";
import { STAFF_TOTP, totpAt } from "@/lib/otp/totp";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { signInErrorOf, signInThroughNextAuth as throughNextAuth, type SignInFields } from "@/tests/fixtures/next-auth";
import { PASSWORD, STEP_MS, createSignedInStaff, type Member } from "@/tests/fixtures/staff";

let t: TestDb;
let lee: Member;
const clock = fixedClock("2026-11-22T05:00:00.000Z");
const LOGIN = "leaky.lee";

beforeAll(async () => {
  t = await createTestDb();
  lee = await createSignedInStaff(t.db, clock, LOGIN, "operator");
});
afterAll(async () => t?.close());

const options = () => authOptions({ db: async () => t.db, clock });
const signInThroughNextAuth = (fields: SignInFields) => throughNextAuth(options, fields);

/** Makes every insert into `table` fail with a message full of things no client may see. */
async function breakInserts(table: "staff_sessions" | "audit_events", column: string) {
  await t.raw(`create or replace function td_test_fail() returns trigger language plpgsql as $$
    begin raise exception 'insert into ${table} (staff_id) values (%) role=operator login=${LOGIN} password failed_sign_ins=7', new.${column}; end $$`);
  await t.raw(`create trigger td_test_fail before insert on ${table} for each row execute function td_test_fail()`);
  return async () => t.raw(`drop trigger td_test_fail on ${table}`);
}

let repair: (() => Promise<unknown>) | null = null;
afterEach(async () => {
  await repair?.();
  repair = null;
  vi.restoreAllMocks();
});

function forbidden(): string[] {
  return ["insert into", "staff_sessions", "audit_events", lee.staffId, "operator", LOGIN, "password", "failed_sign_ins", "P0001", "Failed query"];
}

async function expectGenericFailure(fields: SignInFields) {
  const logged: string[] = [];
  vi.spyOn(console, "error").mockImplementation((line: unknown) => void logged.push(String(line)));
  const response = await signInThroughNextAuth(fields);
  const seen = JSON.stringify(response);
  for (const text of forbidden()) expect(seen.toLowerCase(), `the client would see "${text}"`).not.toContain(text.toLowerCase());

  expect(response.status).toBe(401);
  expect(parseSignInError(signInErrorOf(response))).toEqual({ kind: "unavailable" });
  expect(seen).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);

  // The server log has one JSON line with the error id (for the administrator), and no personal data either.
  const lines = logged.filter((l) => l.includes('"event":"sign_in_error"'));
  expect(lines).toHaveLength(1);
  const entry = JSON.parse(lines[0]!) as Record<string, string>;
  expect(entry).toMatchObject({ level: "error", event: "sign_in_error", errorId: expect.stringMatching(/^[0-9a-f-]{36}$/), dbCode: "P0001" });
  for (const text of [lee.staffId, LOGIN, "insert into", "failed_sign_ins"]) expect(lines[0]).not.toContain(text);
}

describe("sign-in when something inside it fails", () => {
  it("the session insert fails: the client gets only 'unavailable', the error id stays in the log", async () => {
    repair = await breakInserts("staff_sessions", "staff_id");
    clock.advance(STEP_MS);
    await expectGenericFailure({ loginId: LOGIN, password: PASSWORD, code: totpAt(lee.secret, clock.now(), STAFF_TOTP) });
  });

  it("the audit insert fails on a wrong password: the same generic answer", async () => {
    repair = await breakInserts("audit_events", "actor_id");
    await expectGenericFailure({ loginId: LOGIN, password: "Wrong-Password-0000", code: "000000" });
  });

  it("without a failure, a wrong password and an unknown login ID get the same short code", async () => {
    const wrong = await signInThroughNextAuth({ loginId: LOGIN, password: "Wrong-Password-0000", code: "000000" });
    const unknown = await signInThroughNextAuth({ loginId: "nobody.here", password: "Wrong-Password-0000", code: "000000" });
    expect(wrong.redirect).toMatch(/\?error=invalid$/);
    expect(unknown.redirect).toBe(wrong.redirect);
  });

  it("signs in through the same handler once repaired (the handler itself works)", async () => {
    clock.advance(STEP_MS);
    const response = await signInThroughNextAuth({ loginId: LOGIN, password: PASSWORD, code: totpAt(lee.secret, clock.now(), STAFF_TOTP) });
    expect(response.redirect).not.toContain("error=");
    expect((response.cookies ?? []).map((c) => c.name)).toContain("next-auth.session-token");
  });
});
