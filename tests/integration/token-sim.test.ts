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
import type { DbHandle } from "@/db/client";
import { systemClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "./helpers/db";
import { allAuditEvents } from "./helpers/staff";
import { createClient, issue, tokenRow } from "./helpers/tokens";

/**
 * The app simulator CLI against the real route handlers over HTTP (a plain node:http server in
 * front of them, so no build is needed): issue → activate → code → verify → lock.
 */
const handlers: Record<string, (request: Request) => Promise<Response>> = { activate: activatePost, verify: verifyPost, resync: resyncPost, renew: renewPost };
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
    const { stdout } = await exec(tsx, ["lib/cli/token-sim.ts", ...args, "--url", url, "--api-key", key], { env: { ...process.env, TOKENDESK_HOME: home } });
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
