import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as activatePost } from "@/app/api/token-service/v1/activate/route";
import type { DbHandle } from "@/db/client";
import { staff } from "@/db/schema";
import { executeAction, type ExecuteOptions } from "@/lib/actions/execute";
import { disableStaff } from "@/lib/actions/staff/disable-staff";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { cliMeta, createStaffMember } from "@/tests/fixtures/staff";
import { createClient } from "@/tests/fixtures/api-clients";
import { issue, tokenRow, type Issued } from "@/tests/fixtures/tokens";
import { recordFigure } from "./figures";

/**
 * Fail-closed: when the audit log cannot take an event (here a trigger refusing every insert, as a
 * full disk or a revoked grant would), the change it records is not made, and the caller gets a
 * typed error with an id to quote — never the database's message or SQL.
 */

let t: TestDb;
const clock = fixedClock(new Date());
let admin: ExecuteOptions;
let targetId: string;
let apiKey: string;
let token: Issued;
const logged: string[] = [];
const ERROR_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
/** What must never reach a caller: the database's words, the statement, the trigger's message. */
const LEAKS = [/insert/i, /audit_events/i, /select /i, /audit store refused/i, /failed query/i, /trigger/i, /params/i];

beforeAll(async () => {
  process.env.TOKENDESK_DEMO = "0";
  t = await createTestDb();
  (globalThis as unknown as { __tokendeskDb?: Promise<DbHandle> }).__tokendeskDb = Promise.resolve(t.handle);
  const adminId = await createStaffMember(t.db, clock, { loginId: "closed-admin", role: "admin" });
  targetId = await createStaffMember(t.db, clock, { loginId: "closed-target", role: "operator" });
  admin = { db: t.db, clock, actor: { type: "staff", staffId: adminId, sessionId: null }, meta: cliMeta };
  apiKey = await createClient(t.db, clock, "closed-app");
  token = await issue(t.db, clock);
  await t.raw(`create function td_test_refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'audit store refused (test)'; end $$`);
  await t.raw(`create trigger td_test_refuse_audit before insert on audit_events for each row execute function td_test_refuse_audit()`);
  for (const method of ["log", "info", "warn", "error"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
  }
});

afterAll(async () => {
  vi.restoreAllMocks();
  (globalThis as unknown as { __tokendeskDb?: Promise<DbHandle> }).__tokendeskDb = undefined;
  await t?.close();
});

async function dropTrigger(): Promise<void> {
  await t.raw(`drop trigger if exists td_test_refuse_audit on audit_events`);
}

describe("an audit log that refuses every insert", () => {
  it("a desk action is not made, and the admin gets internal_error with an error id", async () => {
    const result = await executeAction(disableStaff, { staffId: targetId, reason: "退職のため" }, admin);
    expect(result).toMatchObject({ ok: false, code: "internal_error" });
    if (result.ok) return;
    expect(result.message).toMatch(ERROR_ID);
    expect(result.message).toContain("nothing was changed");
    for (const leak of LEAKS) expect(result.message).not.toMatch(leak);
    const [row] = await t.db.select({ disabledAt: staff.disabledAt }).from(staff).where(eq(staff.id, targetId));
    expect(row!.disabledAt).toBeNull();
    // The error id the admin quotes is in the server's log, without the statement's parameters.
    const errorId = ERROR_ID.exec(result.message)![0];
    const line = logged.find((l) => l.includes(errorId));
    expect(line).toBeDefined();
    expect(line).not.toContain("退職のため");
  });

  it("a token-service call is not made, and the app gets a JSON internal_error with an error id", async () => {
    const response = await activatePost(
      new Request("http://localhost/api/token-service/v1/activate", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ serviceId: token.serviceId, userId: token.userId, activationPassword: token.activationPassword }),
      }),
    );
    const text = await response.text();
    const body = JSON.parse(text) as { ok: boolean; error: { code: string; message: string } };
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe("internal_error");
    expect(body.error.message).toMatch(ERROR_ID);
    for (const leak of LEAKS) expect(text).not.toMatch(leak);
    expect(text).not.toContain(token.activationPassword);
    expect((await tokenRow(t.db, token.tokenId)).status).toBe("pending_activation");
    expect(logged.join("\n")).not.toContain(token.activationPassword);
    expect(logged.join("\n")).not.toContain(apiKey);
    recordFigure("fail-closed", "Audit insert refused → changes made (desk action, token-service call)", "0 of 2");
  });

  it("with the audit log working again, the same calls succeed (the refusal above was the audit's)", async () => {
    await dropTrigger();
    expect(await executeAction(disableStaff, { staffId: targetId, reason: "退職のため" }, admin)).toMatchObject({ ok: true });
    const response = await activatePost(
      new Request("http://localhost/api/token-service/v1/activate", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ serviceId: token.serviceId, userId: token.userId, activationPassword: token.activationPassword }),
      }),
    );
    expect(response.status).toBe(200);
    expect((await tokenRow(t.db, token.tokenId)).status).toBe("active");
  });
});
