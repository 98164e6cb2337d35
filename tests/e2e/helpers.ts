import { expect, type Page } from "@playwright/test";
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
