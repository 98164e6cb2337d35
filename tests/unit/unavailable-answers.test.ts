import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as searchRoute } from "@/app/api/customers/search/route";
import { runAsCurrentStaff } from "@/lib/actions/web";
import { createStaff } from "@/lib/actions/staff/create-staff";
import { describeError } from "@/lib/server/report-error";

afterEach(() => vi.restoreAllMocks());

/** Captures the server's error log lines for one test. */
function captureLog(): string[] {
  const lines: string[] = [];
  vi.spyOn(console, "error").mockImplementation((line: unknown) => void lines.push(String(line)));
  return lines;
}

const ERROR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Outside a Next request every session lookup throws (next/headers has no request): the same
// path as an unreachable database. What reaches the client must be generic either way.
describe("when a request fails inside the server", () => {
  it("the customer search API answers 503 with an error id only", async () => {
    const log = captureLog();
    const response = await searchRoute(new Request("http://localhost/api/customers/search", { method: "POST", body: JSON.stringify({ kind: "name", q: "山田" }) }));
    expect(response.status).toBe(503);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["errorId", "status"]);
    expect(body.status).toBe("unavailable");
    expect(body.errorId).toMatch(ERROR_ID);
    expect(log.filter((l) => l.includes(String(body.errorId)))).toHaveLength(1);
    expect(log.join("\n")).not.toContain("山田");
  });

  it("a form's server action answers the generic message with an error id", async () => {
    const log = captureLog();
    const result = await runAsCurrentStaff(createStaff, { loginId: "x", displayName: "x", role: "operator", initialPassword: "Some-Password-1234" });
    expect(result).toMatchObject({ ok: false, code: "internal_error" });
    if (result.ok) return;
    const errorId = result.message.match(/[0-9a-f-]{36}/)?.[0];
    expect(errorId).toMatch(ERROR_ID);
    expect(result.message).toBe(`処理中にエラーが発生しました。変更は行われていません。（エラーID: ${errorId}）`);
    expect(log.filter((l) => l.includes(errorId!))).toHaveLength(1);
    expect(log.join("\n")).not.toContain("Some-Password-1234");
  });
});

describe("the server log line of an unexpected error", () => {
  it("keeps a database error's SQLSTATE and table, never its text", () => {
    const pg = Object.assign(new Error("new row for staff_id 0b5c… login=alice violates check"), { code: "23514", table_name: "staff", constraint_name: "staff_role_check" });
    const wrapped = Object.assign(new Error("Failed query: insert into staff values ($1, $2)\nparams: alice,Secret-Pass"), { cause: pg });
    const described = describeError(wrapped);
    expect(described).toMatchObject({ dbCode: "23514", table: "staff", constraint: "staff_role_check" });
    const line = JSON.stringify(described);
    for (const text of ["alice", "Secret-Pass", "insert into", "0b5c"]) expect(line).not.toContain(text);
  });

  it("keeps the first line of any other error, cut short", () => {
    const described = describeError(new TypeError(`Cannot read properties of undefined\n${"x".repeat(500)}`));
    expect(described).toMatchObject({ name: "TypeError", message: "Cannot read properties of undefined" });
  });
});
