import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, type Locator, type Page } from "@playwright/test";
import type { DemoCustomer } from "@/db/seed/demo-data";
import { STAFF_TOTP, totpAt } from "@/lib/otp/totp";
import { base32Decode } from "@/lib/otp/base32";
import { claimAccount, type E2eAccount, type E2ePool, type E2eRole } from "@/tests/fixtures/e2e-accounts";
import { E2E_ACCOUNTS_FILE, E2E_CLAIMS_DIR, E2E_PASSWORD } from "./env";

/**
 * A fresh staff account of the role, never used by another test, so its codes are never
 * replays. The global setup sizes the pool from these calls: write the role as a literal, or a
 * loop over every role.
 */
export function account(role: E2eRole, pool: E2ePool = "e2e"): E2eAccount {
  return claimAccount(E2E_ACCOUNTS_FILE, E2E_CLAIMS_DIR, role, pool);
}

export function currentCode(secretBase32: string, at = new Date()): string {
  return totpAt(base32Decode(secretBase32), at, STAFF_TOTP);
}

export async function fillSignIn(page: Page, loginId: string, password: string, code: string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("ログインID").fill(loginId);
  await page.getByLabel("パスワード").fill(password);
  await page.getByLabel("認証コード（6桁）").fill(code);
  await page.getByRole("button", { name: "サインイン" }).click();
}

/** Signs in through the real form with password + the current TOTP code. */
export async function signIn(page: Page, a: E2eAccount): Promise<void> {
  await fillSignIn(page, a.loginId, E2E_PASSWORD, currentCode(a.secret));
  await expect(page.getByTestId("signed-in-staff")).toBeVisible();
}

const port = process.env.E2E_PORT ?? "3210";
const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");

/** `npm run token-sim -- …` with its own state folder, as the app on the customer's phone. */
export function tokenSim(home: string, apiKey: string, ...args: string[]) {
  const run = spawnSync(tsx, ["scripts/token-sim.ts", ...args, "--url", `http://localhost:${port}`, "--api-key", apiKey], {
    cwd: process.cwd(),
    env: { ...process.env, TOKENDESK_HOME: home, TOKEN_SIM_API_KEY: "" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The JSON bodies the simulator printed for one operation (`activate: HTTP 200 {…}`). */
export function answers(out: string, op: string): Array<Record<string, unknown>> {
  return out
    .split("\n")
    .filter((line) => line.startsWith(op) && line.includes(": HTTP "))
    .map((line) => JSON.parse(/: HTTP \d+ (\{.*\})$/.exec(line)![1]!) as Record<string, unknown>);
}

/** The PDF's text as pdf.js extracts it, whitespace removed (unpdf is ESM: imported when used). */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const { extractText, getDocumentProxy } = await import("unpdf");
  const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
  return text.replace(/\s+/g, "");
}

export async function historyText(history: Locator): Promise<string> {
  return (await history.innerText()).replace(/\s+/g, " ");
}

export async function openCustomer(page: Page, contractId: string, name: string) {
  await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "顧客検索" }).click();
  await page.getByLabel("検索項目").selectOption({ label: "契約者ID" });
  await page.getByLabel("検索語").fill(contractId);
  await page.getByRole("button", { name: "検索", exact: true }).click();
  await page.getByRole("link", { name: `開く: ${name}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${name} さま`);
}

/** The phone check on the open customer view, answered with the seeded customer's own facts. */
export async function verifyByPhone(page: Page, customer: DemoCustomer) {
  const phone = page.getByRole("form", { name: "電話で本人確認" });
  await phone.getByLabel("お名前（漢字またはカナ）").fill(customer.nameKana);
  await phone.getByLabel("生年月日").fill(customer.birthDate.replaceAll("-", "/"));
  await phone.getByLabel("登録電話番号").fill(customer.phone);
  await phone.getByLabel("店番（3桁）").fill(customer.branchCode);
  await phone.getByLabel("口座番号").fill(customer.accountNumber);
  await phone.getByRole("button", { name: "照合する" }).click();
  await expect(page.getByTestId("verification-status")).toContainText("本人確認済み（電話）");
}

/** The counter check on the open customer view: an identity document matching the seeded customer. */
export async function verifyAtCounter(page: Page, customer: DemoCustomer) {
  const form = page.getByRole("form", { name: "窓口で本人確認" });
  await form.getByLabel("本人確認書類").selectOption({ label: "運転免許証" });
  await form.getByLabel("書類番号の下4桁").fill("1234");
  await form.getByLabel("書類のお名前").fill(customer.nameKanji);
  await form.getByLabel("書類の生年月日").fill(customer.birthDate);
  await form.getByLabel("一致している").check();
  await form.getByRole("button", { name: "確認を記録する" }).click();
  await expect(page.getByTestId("verification-status")).toContainText("本人確認済み（窓口）");
}
