import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { demoCustomers } from "@/db/seed/demo-data";
import { account, answers, historyText, openCustomer, pdfText, signIn, tokenSim, verifyByPhone } from "./helpers";
import { E2E_TOKEN_FILE, type E2eToken } from "./env";

/**
 * The S0C4 story end to end through the real parts: a customer's app locks its activation password
 * (five wrong tries through the token-service API); the operator finds and verifies the caller by
 * phone and resets it; the portal's notice worker posts the letter into the demo mailbox; the
 * password is read from the letter's PDF, the app simulator activates with it and its code
 * verifies; the desk shows the token in use and every step in words.
 */

/**
 * A seeded demo customer no other spec touches (desk.spec: 0, 2, 7; token-setup: 11, 12), whose
 * live token is waiting for activation (the seed's status cycle puts pending_activation at 1, 8, 15).
 */
const S0C4_DEMO_INDEX = 15;

test("S0C4: verified by phone, the activation password is reset, arrives by letter, and the app activates with it", async ({ page }) => {
  test.setTimeout(180_000);
  const { apiKey } = JSON.parse(readFileSync(E2E_TOKEN_FILE, "utf8")) as E2eToken;
  const customer = demoCustomers(S0C4_DEMO_INDEX + 1)[S0C4_DEMO_INDEX]!;
  const token = customer.tokens.find((t) => t.status === "pending_activation")!;
  expect(token, "the seed's status cycle gives this customer a token waiting for activation").toBeDefined();
  const home = mkdtempSync(path.join(os.tmpdir(), "tokendesk-e2e-s0c4-"));
  try {
    // The customer mistypes the activation password until the app says S0C4.
    let locked = false;
    for (let i = 0; i < 5 && !locked; i++) {
      const run = tokenSim(home, apiKey, "activate", "--service", token.serviceId, "--user", token.userId, "--password", "00000000");
      // A refused activation answers { ok: false, error: { code, message, appError } }.
      locked = answers(run.stdout, "activate").some((body) => (body.error as { appError?: string } | undefined)?.appError === "S0C4");
    }
    expect(locked, "five wrong activation passwords lock activation (S0C4)").toBe(true);

    // The operator finds the caller and verifies them by phone.
    await signIn(page, account("operator"));
    await openCustomer(page, customer.contractId, customer.nameKanji);
    const card = page.getByTestId(`token-card-${token.serial}`);
    await expect(card).toContainText("利用開始パスワードロック中");
    // Every opening of the page is an audited view. Opened again and again, the views fold into one
    // line, and the lock stays in sight on the history's first page.
    const history = page.getByTestId("customer-history");
    for (let i = 0; i < 15; i++) await page.reload();
    await expect(history.getByRole("row").filter({ hasText: /顧客情報の表示（1[5-9]回）/ })).toHaveCount(1);
    await expect(history.getByRole("row").filter({ hasText: "トークン利用開始（アプリ）" }).filter({ hasText: "S0C4（この失敗でロック）" })).toHaveCount(1);
    await verifyByPhone(page, customer);

    // The token panel's reset: the password goes by post, never onto this screen.
    await card.getByRole("button", { name: "利用開始パスワード再発行" }).click();
    const form = card.getByTestId("reset-activation-form");
    await expect(form).toContainText("書面で登録住所へ郵送します");
    await form.getByLabel("理由", { exact: true }).fill("S0C4 のお申し出（電話）");
    await form.getByRole("button", { name: "利用開始パスワードを再発行する" }).click();
    await expect(page.getByTestId("token-action-done")).toContainText(/利用開始パスワードを再発行しました。新しいパスワードは書面で登録住所へ郵送します（\d{4}\/\d{2}\/\d{2} まで有効）/);
    await expect(card).toContainText("利用開始前");
    await expect(history.getByRole("row").filter({ hasText: "利用開始パスワード再発行" }).filter({ hasText: "成功" })).toHaveCount(1);
    await expect(history.getByRole("row").filter({ hasText: "本人確認（電話）" }).filter({ hasText: "成功" })).toHaveCount(1);
    await expect(history.getByRole("row").filter({ hasText: "トークン利用開始（アプリ）" }).filter({ hasText: "失敗" }).first()).toBeVisible();

    // The notice worker posts the letter into the demo mailbox.
    await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "デモ用メールボックス" }).click();
    // The customer is picked by name; the page's own GET form puts the choice in the address.
    const option = page.getByLabel("お客さま").locator("option").filter({ hasText: customer.nameKanji });
    const mailbox = `/demo/mailbox?customer=${await option.getAttribute("value")}`;
    const letterLink = page.getByTestId("mailbox-letter").first();
    await expect(async () => {
      await page.goto(mailbox);
      await expect(letterLink).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 60_000 });
    const mail = page.getByTestId("mailbox-entry").filter({ hasText: "利用開始パスワード再発行のお知らせ" });
    await expect(mail.first()).toBeVisible();

    // The customer opens the letter: the PDF carries the new password.
    const href = await letterLink.getAttribute("href");
    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("application/pdf");
    expect(response.headers()["cache-control"]).toContain("no-store");
    const text = await pdfText(new Uint8Array(await response.body()));
    expect(text).toContain(token.userId);
    const password = /利用開始パスワード(\d{4,8})有効期限/.exec(text)?.[1];
    expect(password, "the letter prints the activation password").toBeDefined();
    // The e-mails in the mailbox only say a letter is on its way.
    for (const body of await page.getByTestId("mailbox-entry").allInnerTexts()) expect(body).not.toContain(password!);

    // The app activates with it, and its code verifies through the API.
    const activated = tokenSim(home, apiKey, "activate", "--service", token.serviceId, "--user", token.userId, "--password", password!);
    expect(activated.status, activated.stdout + activated.stderr).toBe(0);
    expect(activated.stdout).toContain(`Activated serial ${token.serial}`);
    const verified = tokenSim(home, apiKey, "verify", "--user", token.userId);
    expect(verified.status, verified.stdout).toBe(0);
    expect(answers(verified.stdout, "verify")).toEqual([{ ok: true, result: "accepted" }]);

    // The desk shows the token in use, and the history tells the story in words.
    await openCustomer(page, customer.contractId, customer.nameKanji);
    await expect(page.getByTestId(`token-status-${token.serial}`)).toContainText("利用中");
    await expect(history.getByRole("row").filter({ hasText: "トークン利用開始（アプリ）" }).filter({ hasText: "成功" })).toHaveCount(1);
    await expect(history.getByRole("row").filter({ hasText: "ワンタイムパスワード認証" }).filter({ hasText: "成功" })).toHaveCount(1);
    await expect(history.getByRole("row").filter({ hasText: "利用開始パスワード再発行" })).toHaveCount(1);
    await expect(history.getByRole("row").filter({ hasText: "お知らせ送信済み" }).first()).toBeVisible();
    // Every line can be paged to, the customer's import last, and the count is what the pages hold.
    const counted = /^1 \/ (\d+) ページ（全(\d+)件）$/;
    const [, pages, total] = counted.exec((await history.getByText(counted).textContent()) ?? "")!;
    let lines = await history.locator("tbody tr").count();
    let words = await historyText(history);
    for (let p = 2; p <= Number(pages); p++) {
      await history.getByRole("button", { name: "次へ" }).click();
      await expect(history.getByText(`${p} / ${pages} ページ（全${total}件）`)).toBeVisible();
      lines += await history.locator("tbody tr").count();
      words += await historyText(history);
    }
    expect(lines).toBe(Number(total));
    await expect(history.getByRole("button", { name: "次へ" })).toBeDisabled();
    await expect(history.locator("tbody tr").last()).toContainText("デモ顧客の取込");
    expect(words).toContain("S0C4（この失敗でロック）");
    expect(words).not.toMatch(/token_service\.|token\.|verification\.|notice\.|[0-9a-f]{8}-[0-9a-f]{4}/);
    expect(await page.locator("body").innerText()).not.toContain(password!);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
