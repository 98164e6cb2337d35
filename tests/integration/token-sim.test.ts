import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { POST as activatePost } from "@/app/api/token-service/v1/activate/route";
import { POST as verifyPost } from "@/app/api/token-service/v1/verify/route";
import { POST as resyncPost } from "@/app/api/token-service/v1/resync/route";
import { POST as renewPost } from "@/app/api/token-service/v1/renew/route";
import { POST as confirmEmailPost } from "@/app/api/token-service/v1/confirm-email/route";
import type { DbHandle } from "@/db/client";
import { fixedClock, systemClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { createClient } from "@/tests/fixtures/api-clients";
import { issue, tokenRow } from "@/tests/fixtures/tokens";
import { eq } from "drizzle-orm";
import { customers } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { addEmailAction } from "@/lib/actions/emails/add-email";
import { createCustomer } from "@/tests/fixtures/customers";
import { emailRows, mailedCode, verifyCaller } from "@/tests/fixtures/emails";
import { allAuditEvents, createSignedInStaff, staffOptions, formKey } from "@/tests/fixtures/staff";

/**
 * The app simulator CLI against the real route handlers over HTTP (a plain node:http server in
 * front of them, so no build is needed): issue → activate → code → verify → lock; and internet
 * banking's side of an e-mail confirmation.
 */
const handlers: Record<string, (request: Request) => Promise<Response>> = { activate: activatePost, verify: verifyPost, resync: resyncPost, renew: renewPost, "confirm-email": confirmEmailPost };
const exec = promisify(execFile);
let t: TestDb;
let server: Server;
let url: string;
let home: string;
let key: string;

beforeAll(async () => {
  process.env.TOKENDESK_DEMO = "0";
  t = await createTestDb();
  (globalThis as unknown as { __tokendeskDb?: Promise<DbHandle> }).__tokendeskDb = Promise.resolve(t.handle);
  key = await createClient(t.db, systemClock, "simulator");
  home = mkdtempSync(path.join(os.tmpdir(), "tokendesk-sim-"));
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const handler = handlers[(req.url ?? "").replace("/api/token-service/v1/", "")];
      if (!handler || req.method !== "POST") return void res.writeHead(404).end();
      const headers = new Headers(Object.entries(req.headers).map(([k, v]): [string, string] => [k, String(v)]));
      void handler(new Request(`http://localhost${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) })).then(async (response) => {
        res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  (globalThis as unknown as { __tokendeskDb?: Promise<DbHandle> }).__tokendeskDb = undefined;
  await t?.close();
  rmSync(home, { recursive: true, force: true });
});

async function sim(...args: string[]): Promise<{ code: number; out: string }> {
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  try {
    const { stdout } = await exec(tsx, ["scripts/token-sim.ts", ...args, "--url", url, "--api-key", key], { env: { ...process.env, TOKENDESK_HOME: home } });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
}

it("issue, activate with the simulator, verify its code, then lock the token with wrong codes", { timeout: 120_000 }, async () => {
  const issued = await issue(t.db, systemClock);
  const activated = await sim("activate", "--service", issued.serviceId, "--user", issued.userId, "--password", issued.activationPassword);
  expect(activated.code, activated.out).toBe(0);
  expect(activated.out).toContain(`Activated serial ${issued.serial}`);
  const stored = JSON.parse(readFileSync(path.join(home, "token-sim", `${issued.serviceId}-${issued.userId}.json`), "utf8")) as { secret: string };
  expect(stored.secret).toMatch(/^[A-Z2-7]{32}$/);
  expect((await tokenRow(t.db, issued.tokenId)).status).toBe("active");

  const code = await sim("code");
  expect(code.out).toMatch(/^\d{8} {2}\(next \d{8}/);

  const verified = await sim("verify");
  expect(verified).toMatchObject({ code: 0 });
  expect(verified.out).toContain('"result":"accepted"');

  const locked = await sim("verify", "--wrong", "--times", "10");
  expect(locked.code).toBe(2);
  expect(locked.out.trim().split("\n").at(-1)).toContain('"locked":true');
  expect(await tokenRow(t.db, issued.tokenId)).toMatchObject({ status: "locked", otpFailures: 10 });
  expect(await sim("verify")).toMatchObject({ code: 2 });

  const events = JSON.stringify(await allAuditEvents(t.db));
  for (const secret of [stored.secret, issued.activationPassword, key]) expect(events).not.toContain(secret);
});

it("finds a token by its user ID whatever its service, and says which services it knows", { timeout: 120_000 }, async () => {
  const issued = await issue(t.db, systemClock, undefined, "10112905");
  const noService = await sim("activate", "--user", issued.userId, "--password", issued.activationPassword);
  expect(noService.code).toBe(1);
  expect(noService.out.trim()).toBe("Error: activate needs --service (10112890, 10112905, 10113017), --user and --password, as token:issue prints them");
  const activated = await sim("activate", "--service", "10112905", "--user", issued.userId, "--password", issued.activationPassword);
  expect(activated.code, activated.out).toBe(0);

  // The simulator now holds two tokens (the first test's too): the user ID alone picks this one.
  const verified = await sim("verify", "--user", issued.userId);
  expect(verified.code, verified.out).toBe(0);
  expect(verified.out).toContain('"result":"accepted"');
  expect((await sim("code", "--user", issued.userId, "--service", "10112905")).out).toMatch(/^\d{8} {2}\(next/);

  const otherService = await sim("code", "--user", issued.userId, "--service", "10112890");
  expect(otherService.code).toBe(1);
  expect(otherService.out.trim()).toBe(`Error: the simulator holds no activated token for user ${issued.userId} on service 10112890; it holds user ${issued.userId} on service 10112905: drop --service, or use --service 10112905`);

  const unknownUser = await sim("code", "--user", "000000000000");
  expect(unknownUser.code).toBe(1);
  expect(unknownUser.out).toMatch(new RegExp(`^Error: the simulator holds no activated token for user 000000000000; it holds user \\d{12} on service 10112890, user ${issued.userId} on service 10112905\\n$`));

  const unknownService = await sim("code", "--user", issued.userId, "--service", "10112891");
  expect(unknownService.code).toBe(1);
  expect(unknownService.out.trim()).toBe("Unknown service ID 10112891: the services are 10112890, 10112905, 10113017.");

  const several = await sim("code");
  expect(several.code).toBe(1);
  expect(several.out).toContain("the simulator holds 2 tokens (user ");
  expect(several.out).toContain("choose one with --user <user ID>");
});

/** Runs the simulator as an operator would: no --url, only the environment given here. */
async function simWithEnv(env: Record<string, string | undefined>, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  const base: NodeJS.ProcessEnv = { ...process.env, TOKENDESK_HOME: home };
  delete base.PORT;
  delete base.TOKEN_SIM_URL;
  try {
    const { stdout, stderr } = await exec(tsx, ["scripts/token-sim.ts", ...args, "--api-key", "not-a-real-key"], { env: { ...base, ...env } });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

it("with the portal not running, says so in one line naming the URL it tried, and exits non-zero", { timeout: 60_000 }, async () => {
  const port = await freePort();
  const r = await simWithEnv({ PORT: String(port) }, "activate", "--service", "10112890", "--user", "123456789012", "--password", "x");
  expect(r.code).not.toBe(0);
  expect(r.err.trim()).toBe(`ポータルに接続できません / Cannot reach the portal at http://localhost:${port} — is npm start running?`);
  expect(r.err).not.toMatch(/fetch failed|\n\s+at /);
});

it("talks to the portal on $PORT, and --url wins over it", { timeout: 60_000 }, async () => {
  const seen: string[] = [];
  const fake = createServer((req, res) => {
    seen.push(`${req.headers.host} ${req.method} ${req.url}`);
    res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ ok: false, error: { code: "unauthenticated" } }));
  });
  await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
  const port = (fake.address() as AddressInfo).port;
  try {
    const viaPort = await simWithEnv({ PORT: String(port) }, "activate", "--service", "10112890", "--user", "123456789012", "--password", "x");
    expect(viaPort.code).toBe(2);
    expect(viaPort.out).toContain("activate: HTTP 401");
    expect(seen).toEqual([`localhost:${port} POST /api/token-service/v1/activate`]);

    const unused = await freePort();
    const viaFlag = await simWithEnv({ PORT: String(unused) }, "activate", "--service", "10112890", "--user", "123456789012", "--password", "x", "--url", `http://127.0.0.1:${port}`);
    expect(viaFlag.code).toBe(2);
    expect(seen).toHaveLength(2);
  } finally {
    await new Promise((resolve) => fake.close(resolve));
  }
});

it("confirm-email: a wrong code is refused (exit 2), the mailed code confirms the address (exit 0)", { timeout: 120_000 }, async () => {
  const clock = fixedClock(new Date());
  const operator = await createSignedInStaff(t.db, clock, "operator.sim", "operator");
  const customerId = await createCustomer(t.db, clock);
  await verifyCaller(t.db, clock, operator, customerId);
  const added = await executeAction(addEmailAction, { customerId, address: "hanako@example.jp", reason: "お客さまのご依頼", ...formKey() }, staffOptions(t.db, clock, operator));
  expect(added.ok).toBe(true);
  const code = await mailedCode(t.db, "hanako@example.jp");
  const [{ contractId }] = (await t.db.select({ contractId: customers.contractId }).from(customers).where(eq(customers.id, customerId))) as [{ contractId: string }];

  const wrong = await sim("confirm-email", "--contract", contractId, "--address", "hanako@example.jp", "--code", String((Number(code) + 1) % 1e8).padStart(8, "0"));
  expect(wrong.code, wrong.out).toBe(2);
  expect(wrong.out).toContain("confirm-email: HTTP 401");
  expect(wrong.out).toContain('"code":"wrong_confirmation_code"');

  const right = await sim("confirm-email", "--contract", contractId, "--address", "hanako@example.jp", "--code", code);
  expect(right.code, right.out).toBe(0);
  expect(right.out).toContain('"result":"confirmed"');
  expect((await emailRows(t.db, customerId))[0]!.confirmedAt).not.toBeNull();

  const missing = await sim("confirm-email", "--contract", contractId);
  expect(missing.code).toBe(1);
  expect(missing.out).toContain("confirm-email needs --contract");

  expect(JSON.stringify(await allAuditEvents(t.db))).not.toContain(code);
});
