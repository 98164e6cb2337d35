import { expect, test, type Request } from "@playwright/test";
import { account, signIn } from "./helpers";

test("an operator cannot open the staff page", async ({ page }) => {
  await signIn(page, account("operator"));
  await page.goto("/admin/staff");
  await expect(page).toHaveURL(/\/forbidden/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("この画面を表示する権限がありません。");
  await expect(page.getByTestId("forbidden-needed-roles")).toHaveText("「スタッフ管理の表示」は システム管理者 が利用できます。必要な場合は管理者にお問い合わせください。");
  // Only known permission names are used; anything else in the address is never shown.
  await page.goto("/forbidden?need=%3Cb%3Ehello%3C%2Fb%3E");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("この画面を表示する権限がありません。");
  await expect(page.getByTestId("forbidden-needed-roles")).toHaveCount(0);
  await expect(page.getByRole("main")).not.toContainText("hello");
});

test("an unknown address keeps the header and menu for a signed-in user, with a link home", async ({ page }) => {
  await signIn(page, account("teller"));
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ページが見つかりません。");
  await expect(page.getByTestId("signed-in-staff")).toBeVisible();
  const nav = page.getByRole("navigation", { name: "メインメニュー" });
  await expect(nav.getByRole("link", { name: "顧客検索" })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "ホームへ戻る" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("さん");
});

test("an operator cannot call the staff page's actions, even by replaying the request", async ({ page, browser }) => {
  // The admin's real request tells us the server action's id and body format.
  await signIn(page, account("admin"));
  await page.goto("/admin/staff");
  const form = page.locator("form", { has: page.getByLabel("初期パスワード") });
  await form.getByLabel("ログインID").fill("e2e-by-admin");
  await form.getByLabel("氏名").fill("管理者 作成");
  await form.getByLabel("初期パスワード").fill("made-by-admin-0001");
  const captured = page.waitForRequest((r: Request) => r.method() === "POST" && !!r.headers()["next-action"]);
  await form.getByRole("button", { name: "追加する" }).click();
  const request = await captured;
  await expect(page.getByRole("status")).toContainText("e2e-by-admin");

  const context = await browser.newContext();
  const operator = await context.newPage();
  await signIn(operator, account("operator"));
  const body = request.postDataBuffer()!.toString("utf8").replaceAll("e2e-by-admin", "e2e-forged-op");
  const response = await operator.request.post(request.url(), {
    headers: { "next-action": request.headers()["next-action"]!, "content-type": request.headers()["content-type"]!, origin: new URL(request.url()).origin, accept: "text/x-component" },
    data: body,
  });
  expect(response.status()).toBeLessThan(500);
  expect(await response.text()).toContain("forbidden");
  await context.close();

  await page.reload();
  const table = page.getByTestId("staff-table");
  await expect(table).toContainText("e2e-by-admin");
  await expect(table).not.toContainText("e2e-forged-op");
});

test("an admin gets specific Japanese field errors and nothing is created", async ({ page }) => {
  await signIn(page, account("admin"));
  await page.goto("/admin/staff");
  const form = page.locator("form", { has: page.getByLabel("初期パスワード") });
  await form.getByLabel("ログインID").fill("Bad Id!");
  await form.getByLabel("氏名").fill("誤入力");
  await form.getByLabel("初期パスワード").fill("short");
  await form.getByRole("button", { name: "追加する" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "入力内容に誤りがあります" })).toBeVisible();
  await expect(form).toContainText("半角英小文字・数字・「.」「_」「-」で入力してください");
  await expect(form).toContainText("12文字以上で入力してください。");
  await expect(page.getByTestId("staff-table")).not.toContainText("誤入力");
});

test("an admin disables an account and its session ends at the next request", async ({ page, browser }) => {
  const context = await browser.newContext();
  const victim = await context.newPage();
  const teller = account("teller");
  await signIn(victim, teller);

  await signIn(page, account("admin"));
  await page.goto("/admin/staff");
  await page.getByLabel("ログインID・氏名で絞り込み").fill(teller.loginId);
  await page.getByRole("button", { name: `管理: ${teller.loginId}` }).click();
  await page.getByLabel("理由").fill("退職のため");
  await page.getByRole("button", { name: "アカウントを無効化" }).click();
  const confirm = page.getByRole("group", { name: new RegExp(`${teller.loginId}.*を無効化します`) });
  await confirm.getByRole("button", { name: "無効化する" }).click();
  await expect(page.getByRole("status")).toContainText("アカウント無効化を実行しました。");
  await expect(page.getByRole("row", { name: new RegExp(teller.loginId) })).toContainText("無効");

  await victim.reload();
  await expect(victim).toHaveURL(/\/signin\?ended=/);
  await context.close();
});

test("an auditor sees the audit log and verifies the chain", async ({ page }) => {
  await signIn(page, account("auditor"));
  await page.getByRole("link", { name: "監査ログ" }).click();
  await expect(page.getByTestId("audit-table")).toContainText("サインイン");
  const text = await page.getByTestId("audit-table").textContent();
  expect(text).not.toContain("e2e-password-2026");
  expect(text).not.toContain("$argon2");
  // Sealing and the chain check are on the integrity page, linked from the log.
  await page.getByRole("link", { name: "監査ログの完全性を開く" }).click();
  await expect(page.getByTestId("integrity-sealing")).toContainText("封印");
  await page.getByRole("button", { name: "検証を開始" }).click();
  await expect(page.getByTestId("verification-progress").getByRole("status")).toContainText("正常");
});
