import { readFileSync, statSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { recordFigure } from "@/tests/attack/figures";
import { E2E_PASSWORD, E2E_SERVER_LOG } from "./env";
import { account, currentCode } from "./helpers";

/**
 * Crafted callbackUrl values, sent to next-auth's sign-in routes the ways a caller can: in the
 * query, in the form body, in its callback-url cookie. Every answer must stay on the portal's
 * origin and never be a 5xx, and the server log must hold one short line per refusal — no stack,
 * and none of the caller's string.
 */

const base = `http://localhost:${process.env.E2E_PORT ?? 3210}`;
/** In every crafted value, so the log can be searched for any part of the caller's string. */
const MARK = "cb7canary";
const crafted = [
  `https://evil.example/${MARK}`,
  `//evil.example/${MARK}`,
  `javascript:alert('${MARK}')`,
  `/\\evil.example/${MARK}`,
  `evil.example/${MARK}`,
  `https://evil.example:99999/${MARK}`,
  `http://[${MARK}`,
];

interface Answer {
  status: number;
  location: string | null;
}

/** next-auth's CSRF token and the cookies that go with it. */
async function csrf(): Promise<{ token: string; cookies: string }> {
  const response = await fetch(`${base}/api/auth/csrf`);
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0]!).join("; ");
  return { token: ((await response.json()) as { csrfToken: string }).csrfToken, cookies };
}

async function send(path: string, init: { method?: string; form?: Record<string, string>; cookies?: string }): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? "GET",
    redirect: "manual",
    headers: { ...(init.form ? { "content-type": "application/x-www-form-urlencoded" } : {}), ...(init.cookies ? { cookie: init.cookies } : {}) },
    body: init.form ? new URLSearchParams(init.form).toString() : undefined,
  });
  await response.arrayBuffer();
  return { status: response.status, location: response.headers.get("location") };
}

/** A redirect target, and any callbackUrl it carries on, resolve on the portal's origin. */
function expectOnPortal(answer: Answer, what: string): void {
  expect(answer.status, `${what}: status`).toBeLessThan(500);
  if (!answer.location) return;
  const target = new URL(answer.location, base);
  expect(target.origin, `${what}: redirect target`).toBe(base);
  const onward = target.searchParams.get("callbackUrl");
  if (onward) expect(new URL(onward, base).origin, `${what}: callbackUrl passed on`).toBe(base);
}

test("crafted callbackUrl values: never a 5xx, every redirect on the portal, one log line per refusal", async () => {
  const logStart = statSync(E2E_SERVER_LOG).size;
  let answered = 0;
  for (const value of crafted) {
    const { token, cookies } = await csrf();
    const form = { csrfToken: token, loginId: "nobody.here", password: "Wrong-Password-0000", code: "000000" };
    const q = encodeURIComponent(value);
    const cookieName = "next-auth.callback-url";
    const tries: Array<[string, Promise<Answer>]> = [
      ["GET sign-in, query", send(`/api/auth/signin?callbackUrl=${q}`, {})],
      ["GET sign-in page, query", send(`/signin?callbackUrl=${q}`, {})],
      ["GET session, query", send(`/api/auth/session?callbackUrl=${q}`, {})],
      ["POST sign-in, body", send("/api/auth/signin/credentials", { method: "POST", form: { csrfToken: token, callbackUrl: value }, cookies })],
      ["POST credentials, body", send("/api/auth/callback/credentials", { method: "POST", form: { ...form, callbackUrl: value }, cookies })],
      ["POST credentials, query", send(`/api/auth/callback/credentials?callbackUrl=${q}`, { method: "POST", form, cookies })],
      ["POST credentials, cookie", send("/api/auth/callback/credentials", { method: "POST", form, cookies: `${cookies}; ${cookieName}=${encodeURIComponent(value)}` })],
    ];
    for (const [what, pending] of tries) {
      expectOnPortal(await pending, `${what} ${JSON.stringify(value)}`);
      answered++;
    }
  }

  // A right password and code with a crafted callbackUrl: signed in, and sent to the portal itself.
  const member = account("operator", "x");
  const { token, cookies } = await csrf();
  const signedIn = await send("/api/auth/callback/credentials", {
    method: "POST",
    form: { csrfToken: token, loginId: member.loginId, password: E2E_PASSWORD, code: currentCode(member.secret), callbackUrl: `/\\evil.example/${MARK}` },
    cookies,
  });
  expect(signedIn.status).toBe(302);
  const landing = new URL(signedIn.location!, base);
  expect(landing.origin).toBe(base);
  // No path a later relative redirect could read as another host ("//evil.example").
  expect(landing.pathname).not.toMatch(/^\/\//);
  expect(landing.searchParams.get("error")).toBeNull();

  await new Promise((r) => setTimeout(r, 300));
  // The size is in bytes, and the log holds Japanese: cut the bytes, then decode.
  const log = readFileSync(E2E_SERVER_LOG).subarray(logStart).toString("utf8");
  const lines = log.split("\n").filter((l) => l.trim() !== "");
  expect(lines.filter((l) => /^\s+at /.test(l)), "a stack trace reached the server log").toEqual([]);
  expect(log, "the caller's string reached the server log").not.toContain(MARK);
  for (const line of lines) expect(() => JSON.parse(line), `not one JSON line: ${line.slice(0, 120)}`).not.toThrow();
  expect(lines.filter((l) => l.includes('"event":"redirect_refused"')).length).toBeGreaterThan(0);
  recordFigure("redirects", "Crafted callbackUrl (query, body, cookie) → 5xx, redirects off the portal, stack traces logged", `0, 0, 0 of ${answered + 1}`);
});
