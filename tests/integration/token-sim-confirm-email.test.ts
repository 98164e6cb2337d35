import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { POST as confirmPost } from "@/app/api/token-service/v1/confirm-email/route";
import type { DbHandle } from "@/db/client";
import { customers } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { addEmailAction } from "@/lib/actions/emails/add-email";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { createCustomer } from "@/tests/fixtures/customers";
import { createClient } from "@/tests/fixtures/api-clients";
import { emailRows, mailedCode, verifyCaller } from "@/tests/fixtures/emails";
import { allAuditEvents, createSignedInStaff, staffOptions } from "@/tests/fixtures/staff";

/**
 * The simulator's confirm-email command against the real route handler over HTTP (a plain
 * node:http server in front of it): the desk adds an address, the customer types the mailed code.
 */
const exec = promisify(execFile);
const clock = fixedClock(new Date());
let t: TestDb;
let server: Server;
let url: string;
let home: string;
let key: string;

beforeAll(async () => {
  process.env.TOKENDESK_DEMO = "0";
  t = await createTestDb();
  (globalThis as unknown as { __tokendeskDb?: Promise<DbHandle> }).__tokendeskDb = Promise.resolve(t.handle);
  key = await createClient(t.db, clock, "simulator");
  home = mkdtempSync(path.join(os.tmpdir(), "tokendesk-sim-"));
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.url !== "/api/token-service/v1/confirm-email" || req.method !== "POST") return void res.writeHead(404).end();
      const headers = new Headers(Object.entries(req.headers).map(([k, v]): [string, string] => [k, String(v)]));
      void confirmPost(new Request(`http://localhost${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) })).then(async (response) => {
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

it("confirm-email: a wrong code is refused (exit 2), the mailed code confirms the address (exit 0)", { timeout: 120_000 }, async () => {
  const operator = await createSignedInStaff(t.db, clock, "operator.sim", "operator");
  const customerId = await createCustomer(t.db, clock);
  await verifyCaller(t.db, clock, operator, customerId);
  const added = await executeAction(addEmailAction, { customerId, address: "hanako@example.jp", reason: "お客さまのご依頼" }, staffOptions(t.db, clock, operator));
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
