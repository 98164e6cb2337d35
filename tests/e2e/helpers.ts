import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";
import { STAFF_TOTP, totpAt } from "@/lib/otp/totp";
import { base32Decode } from "@/lib/otp/base32";
import { E2E_ACCOUNTS_FILE, E2E_PASSWORD, type E2eAccount } from "./env";

/** Test staff made by the global setup; each test takes its own so codes are never replays. */
export function account(loginId: string): E2eAccount {
  const all = JSON.parse(readFileSync(E2E_ACCOUNTS_FILE, "utf8")) as E2eAccount[];
  const found = all.find((a) => a.loginId === loginId);
  if (!found) throw new Error(`no e2e account ${loginId}`);
  return found;
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
export async function signIn(page: Page, loginId: string): Promise<void> {
  const a = account(loginId);
  await fillSignIn(page, a.loginId, E2E_PASSWORD, currentCode(a.secret));
  await expect(page.getByTestId("signed-in-staff")).toBeVisible();
}
