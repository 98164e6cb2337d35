import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { account, currentCode, fillSignIn, signIn } from "./helpers";
import { E2E_PASSWORD, e2eEnv } from "./env";

test("staff sign in with password and TOTP, see the shell, and sign out", async ({ page }) => {
  const operator = account("operator");
  await signIn(page, operator);
  await expect(page.getByRole("banner").getByRole("img", { name: "TokenDesk" })).toBeVisible();
  const header = page.getByTestId("signed-in-staff");
  await expect(header).toContainText(operator.displayName);
  await expect(header).toContainText("オペレーター");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`${operator.displayName}さん`);
  const nav = page.getByRole("navigation", { name: "メインメニュー" });
  await expect(nav.getByRole("link", { name: "ホーム" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "スタッフ管理" })).toHaveCount(0);
  // Dates are shown in JST as 2026/11/22 14:05.
  await expect(header).toContainText(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
  await expect(page.getByRole("main")).toContainText("サインイン");

  await page.getByRole("button", { name: "サインアウト" }).click();
  await expect(page).toHaveURL(/\/signin\?signedOut=1/);
  await expect(page.getByRole("status")).toContainText("サインアウトしました。");
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
});

test("the portal keeps out of search indexes and has its icons", async ({ page, request }) => {
  const robots = await request.get("/robots.txt");
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toMatch(/User-agent: \*\s+Disallow: \/\s*$/m);

  const response = await page.goto("/signin");
  expect(response?.headers()["x-robots-tag"]).toMatch(/noindex/);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  for (const rel of ["icon", "apple-touch-icon"]) {
    const href = await page.locator(`link[rel="${rel}"]`).first().getAttribute("href");
    expect(href, `<link rel="${rel}">`).toBeTruthy();
    const icon = await request.get(href!);
    expect(icon.status(), href!).toBe(200);
    expect(icon.headers()["content-type"], href!).toMatch(/^image\/(svg\+xml|png)/);
  }
});

test("a wrong code is refused with the same message as any other failure", async ({ page }) => {
  const a = account("operator");
  const right = currentCode(a.secret);
  const wrong = right === "000000" ? "111111" : "000000";
  await fillSignIn(page, a.loginId, E2E_PASSWORD, wrong);
  const alert = page.locator("form [role=alert]");
  await expect(alert).toContainText("ログインID、パスワードまたは認証コードが正しくありません");
  await expect(page).toHaveURL(/\/signin/);

  await fillSignIn(page, "no-such-person", E2E_PASSWORD, right);
  await expect(page.locator("form [role=alert]")).toContainText("ログインID、パスワードまたは認証コードが正しくありません");
});

test("the demo operator signs in with the code printed by npm run demo:code", async ({ page }) => {
  await page.goto("/signin");
  await expect(page.getByTestId("demo-help")).toContainText("npm run demo:code -- operator1");
  const output = execFileSync(path.join("node_modules", ".bin", "tsx"), ["scripts/demo-code.ts", "operator1"], { env: { ...process.env, ...e2eEnv }, encoding: "utf8" });
  const code = /operator1\s+(\d{6})/.exec(output)?.[1];
  expect(code).toMatch(/^\d{6}$/);
  await fillSignIn(page, "operator1", "TokenDesk-demo-2026", code!);
  await expect(page.getByTestId("signed-in-staff")).toContainText("佐藤 美咲");
});

test("the language switch shows the portal in English and back", async ({ page }) => {
  await signIn(page, account("supervisor"));
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.getByTestId("signed-in-staff")).toContainText("Supervisor");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("button", { name: "日本語" }).click();
  await expect(page.getByRole("button", { name: "サインアウト" })).toBeVisible();
});

test("a first sign-in enrols an authenticator from the screen", async ({ page, browser }) => {
  // An admin creates the account; the new colleague enrols their own authenticator.
  await signIn(page, account("admin"));
  await page.goto("/admin/staff");
  const form = page.locator("form", { has: page.getByLabel("初期パスワード") });
  await form.getByLabel("ログインID").fill("e2e-newcomer");
  await form.getByLabel("氏名").fill("新人 花子");
  await form.getByLabel("ロール").selectOption("teller");
  await form.getByLabel("初期パスワード").fill("newcomer-password-1");
  await form.getByRole("button", { name: "追加する" }).click();
  await expect(page.getByRole("status")).toContainText("スタッフ e2e-newcomer を追加しました。");

  const context = await browser.newContext();
  const newcomer = await context.newPage();
  await fillSignIn(newcomer, "e2e-newcomer", "newcomer-password-1", "");
  await expect(newcomer.getByRole("heading", { name: "認証アプリの登録" })).toBeVisible();
  const secret = (await newcomer.getByTestId("enrol-secret").textContent())!.trim();
  await newcomer.getByLabel("アプリに表示された6桁の認証コード").fill(currentCode(secret));
  await newcomer.getByRole("button", { name: "登録してサインイン" }).click();
  await expect(newcomer.getByTestId("signed-in-staff")).toContainText("新人 花子");
  await context.close();
});
