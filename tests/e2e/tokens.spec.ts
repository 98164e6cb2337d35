import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { account, signIn } from "./helpers";
import { E2E_TOKEN_FILE, type E2eToken } from "./env";

/**
 * Issue 4's "done when", end to end through the real parts: the token issued by the global setup
 * (action pipeline, system actor) is activated by the app simulator CLI against the running
 * portal's API, a code is verified and then refused as a replay, ten wrong codes lock it, and an
 * operator sees the lock on the customer view.
 */

const port = process.env.E2E_PORT ?? "3210";
const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");

interface SimRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run token-sim -- …` with its own state folder, so it never reads or writes .data/. */
function tokenSim(home: string, token: E2eToken, ...args: string[]): SimRun {
  // The token's own service, which is not the simulator's default.
  const service = args.includes("--service") ? [] : ["--service", token.serviceId];
  const run = spawnSync(tsx, ["scripts/token-sim.ts", ...args, ...service, "--url", `http://localhost:${port}`, "--api-key", token.apiKey], {
    cwd: process.cwd(),
    env: { ...process.env, TOKENDESK_HOME: home, TOKEN_SIM_API_KEY: "" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The JSON the simulator printed for one API call (`verify 3/10: HTTP 200 {…}`). */
function answers(out: string, op: string): Array<{ http: number; body: Record<string, unknown> }> {
  return out
    .split("\n")
    .filter((line) => line.startsWith(`${op}`) && line.includes(": HTTP "))
    .map((line) => {
      const [, http, json] = /: HTTP (\d+) (\{.*\})$/.exec(line)!;
      return { http: Number(http), body: JSON.parse(json!) as Record<string, unknown> };
    });
}

async function openByContract(page: Page, token: E2eToken): Promise<void> {
  await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "顧客検索" }).click();
  await page.getByLabel("検索項目").selectOption({ label: "契約者ID" });
  await page.getByLabel("検索語").fill(token.contractId);
  await page.getByRole("button", { name: "検索", exact: true }).click();
  await page.getByRole("link", { name: `開く: ${token.nameKanji}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${token.nameKanji} さま`);
}

test("a demo token is activated in the simulator, verified, replay-refused, locked by wrong codes, and shown locked to an operator", async ({ page }) => {
  test.setTimeout(120_000);
  const token = JSON.parse(readFileSync(E2E_TOKEN_FILE, "utf8")) as E2eToken;
  const home = mkdtempSync(path.join(os.tmpdir(), "tokendesk-e2e-sim-"));
  const shownOnce: string[] = [token.activationPassword];
  try {
    // Activate with the simulator: the API hands over the secret, the simulator stores it.
    const activated = tokenSim(home, token, "activate", "--service", token.serviceId, "--user", token.userId, "--password", token.activationPassword);
    expect(activated.status, activated.stderr).toBe(0);
    expect(activated.stdout).toContain(`Activated serial ${token.serial}`);
    expect(answers(activated.stdout, "activate")).toEqual([{ http: 200, body: expect.objectContaining({ ok: true, serial: token.serial }) }]);
    expect(activated.stdout).not.toContain('"secret"');
    const stored = JSON.parse(readFileSync(path.join(home, "token-sim", `${token.serviceId}-${token.userId}.json`), "utf8")) as { secret: string; period: number };
    shownOnce.push(stored.secret);

    // Verify the current code through the API, then the same code again: a replay.
    const code = /^(\d{6,8})\s/.exec(tokenSim(home, token, "code", "--user", token.userId).stdout)?.[1];
    expect(code).toBeDefined();
    shownOnce.push(code!);
    const first = tokenSim(home, token, "verify", "--user", token.userId, "--otp", code!);
    expect(first.status).toBe(0);
    expect(answers(first.stdout, "verify")).toEqual([{ http: 200, body: { ok: true, result: "accepted" } }]);
    const again = tokenSim(home, token, "verify", "--user", token.userId, "--otp", code!);
    expect(again.status).toBe(2);
    expect(answers(again.stdout, "verify")).toEqual([{ http: 200, body: expect.objectContaining({ ok: true, result: "rejected", reason: "replay" }) }]);

    // A replay counts as a failure (by design); the next step's code is accepted and ends that run.
    const next = tokenSim(home, token, "verify", "--user", token.userId, "--skew", String(stored.period));
    expect(next.status, next.stdout).toBe(0);
    expect(answers(next.stdout, "verify")).toEqual([{ http: 200, body: { ok: true, result: "accepted" } }]);

    // Ten wrong codes: the first nine are just wrong, the tenth locks the token.
    const wrong = tokenSim(home, token, "verify", "--user", token.userId, "--wrong", "--times", "10");
    expect(wrong.status).toBe(2);
    const tries = answers(wrong.stdout, "verify");
    expect(tries).toHaveLength(10);
    for (const t of tries.slice(0, 9)) expect(t.body).toMatchObject({ result: "rejected", reason: "invalid_code" });
    for (const t of tries.slice(0, 9)) expect(t.body).not.toHaveProperty("locked");
    expect(tries[9]!.body).toMatchObject({ result: "rejected", locked: true });
    // Locked now: even the right code is refused, and says why.
    const afterLock = tokenSim(home, token, "verify", "--user", token.userId);
    expect(afterLock.status).toBe(2);
    expect(answers(afterLock.stdout, "verify")).toEqual([{ http: 200, body: expect.objectContaining({ result: "rejected", reason: "locked" }) }]);

    // See the lock on the customer view.
    await signIn(page, account("operator"));
    await openByContract(page, token);
    const row = page.getByTestId("customer-tokens").getByRole("row").filter({ hasText: token.serial });
    await expect(row).toHaveCount(1);
    await expect(page.getByTestId(`token-status-${token.serial}`)).toContainText("ロック中");
    await expect(page.getByTestId(`token-status-${token.serial}`)).toContainText("ワンタイムパスワードを続けて間違えたため、ロックされています。");
    await expect(row).toContainText("OTP 10回");
    await expect(row).not.toContainText(token.activationPassword);

    // The API calls are on the customer's desk history (newest first, ten a page): the refused
    // codes first, then on page 2 the accepted ones and the activation.
    const history = page.getByTestId("customer-history");
    const verifies = history.getByRole("row").filter({ hasText: "ワンタイムパスワード認証" });
    await expect(verifies.filter({ hasText: "失敗" })).toHaveCount(10);
    // Who called: the customer through their app, by the token service client's name, never its id.
    await expect(verifies.filter({ hasText: "お客さま（アプリ: e2e-token-sim）" })).toHaveCount(10);
    await history.getByRole("button", { name: "次へ" }).click();
    await expect(verifies.filter({ hasText: "成功" })).toHaveCount(2);
    await expect(history.getByRole("row").filter({ hasText: "トークン利用開始（アプリ）" }).filter({ hasText: "成功" })).toHaveCount(1);

    // Nothing secret reached the page: not the activation password, the TOTP secret or a code.
    const text = await page.locator("body").innerText();
    const html = await page.content();
    const [password, secret, otp] = shownOnce.map((v) => new RegExp(`\\b${v.replace(/[^A-Za-z0-9]/g, "\\$&")}\\b`));
    for (const pattern of [password!, secret!, otp!]) expect(text).not.toMatch(pattern);
    for (const pattern of [password!, secret!]) expect(html).not.toMatch(pattern);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test("the test portal keeps its demo files (its demo API key) in its own home, never in the checkout's .data/", () => {
  const token = JSON.parse(readFileSync(E2E_TOKEN_FILE, "utf8")) as E2eToken;
  expect(path.relative(process.cwd(), token.portalHome).startsWith("..")).toBe(true);
  expect(existsSync(path.join(token.portalHome, "demo-api-key.json"))).toBe(true);
});
