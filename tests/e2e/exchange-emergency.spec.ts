import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { demoCustomers } from "@/db/seed/demo-data";
import { TOKEN_TOTP } from "@/lib/tokens/policy";
import { account, answers, openCustomer, signIn, tokenSim, verifyByPhone } from "./helpers";
import { E2E_TOKEN_FILE, type E2eToken } from "./env";

/**
 * A new phone, end to end: the customer still holds the old one. Verified by phone, they read its
 * current code and the operator exchanges the token — the new one waits for its letter, the old
 * keeps working meanwhile. They must transfer money before the new one works, so the operator asks
 * for an emergency code; another person, a supervisor, approves it; it reaches the customer's
 * e-mail (never the desk's screen), and internet banking's check accepts it once, then never again.
 */

/**
 * A seeded demo customer no other spec touches (desk.spec: 0, 2, 7; axe: 9; token-setup: 11, 12;
 * S0C4: 15; lost phone: 22), with a token waiting for activation with a known demo password and
 * one confirmed e-mail address from the import.
 */
const EXCHANGE_DEMO_INDEX = 38;
/** A desk date in Japan time: 2026/11/22 14:05. */
const JST = String.raw`\d{4}/\d{2}/\d{2} \d{2}:\d{2}`;

test("exchange and emergency code: the old phone's code starts the exchange, a supervisor approves the code, the API accepts it once", async ({ page, browser, request }) => {
  test.setTimeout(240_000);
  const { apiKey } = JSON.parse(readFileSync(E2E_TOKEN_FILE, "utf8")) as E2eToken;
  const customer = demoCustomers(EXCHANGE_DEMO_INDEX + 1)[EXCHANGE_DEMO_INDEX]!;
  const old = customer.tokens.find((t) => t.status === "pending_activation" && t.activationPassword)!;
  expect(old, "the seed gives this customer a token waiting for activation").toBeDefined();
  expect(customer.emails, "the emergency code needs a confirmed address").toHaveLength(1);
  const home = mkdtempSync(path.join(os.tmpdir(), "tokendesk-e2e-exchange-"));
  try {
    // The app on the old phone is set up.
    const setUp = tokenSim(home, apiKey, "activate", "--service", old.serviceId, "--user", old.userId, "--password", old.activationPassword!);
    expect(setUp.status, setUp.stdout + setUp.stderr).toBe(0);

    // The operator verifies the caller by phone; the caller reads the old phone's current code.
    await signIn(page, account("operator"));
    await openCustomer(page, customer.contractId, customer.nameKanji);
    await verifyByPhone(page, customer);
    const oldCard = page.getByTestId(`token-card-${old.serial}`);
    await expect(oldCard).toContainText("利用中");
    await oldCard.getByRole("button", { name: "交換", exact: true }).click();
    const form = oldCard.getByRole("form", { name: /交換/ });
    await expect(form).toContainText("新しいトークンの利用開始と同時に古いトークンは使えなくなります");
    const code = /^(\d{6,8})\s/.exec(tokenSim(home, apiKey, "code", "--user", old.userId).stdout)?.[1];
    expect(code, "the simulator shows the old phone's current code").toBeDefined();
    await form.getByLabel("現在のワンタイムパスワード（8桁）").fill(code!);
    await form.getByLabel("理由", { exact: true }).fill("機種変更のお申し出（電話・旧端末あり）");
    await form.getByRole("button", { name: "交換用のトークンを発行する" }).click();

    // The success line names the new serial; its password goes by post, the old one works until then.
    const done = page.getByTestId("token-action-done");
    await expect(done).toContainText(`古いトークン（シリアル ${old.serial}）は新しいトークンの利用開始まで使えます。`);
    await expect(done).toContainText("利用開始パスワードは登録住所へ郵送します");
    const serial = /新しいトークン（シリアル (\d+)）を発行しました/.exec(await done.innerText())?.[1];
    expect(serial, "the success line names the new token's serial").toBeDefined();
    expect(serial).not.toBe(old.serial);
    await expect(page.getByTestId(`token-card-${serial}`)).toContainText("利用開始前");
    await expect(oldCard).toContainText("利用中");
    await expect(oldCard.getByRole("button", { name: "交換", exact: true })).toBeDisabled();
    await expect(oldCard).toContainText("交換の手続き中です（新しいトークンの利用開始待ち）");
    await expect(page.getByTestId(`timeline-${old.serial}`)).toContainText(`交換を受付（新しいシリアル ${serial} の利用開始で利用解除）`);
    const history = page.getByTestId("customer-history");
    await expect(history.getByRole("row").filter({ hasText: "トークン交換" }).filter({ hasText: "成功" })).toHaveCount(1);
    // Internet banking asks by the new token's IDs, which the desk shows (they are no secret).
    const ids = /(\d{8}) \/ (\d{12})/.exec(await page.getByTestId("customer-tokens").getByRole("row").filter({ hasText: serial! }).innerText());
    expect(ids, "the token table shows the new token's service ID and user ID").not.toBeNull();
    const [, serviceId, userId] = ids!;

    // The old phone keeps working until the new token is set up (its next code: this one is spent).
    const stillWorks = tokenSim(home, apiKey, "verify", "--user", old.userId, "--skew", String(TOKEN_TOTP.stepSeconds));
    expect(answers(stillWorks.stdout, "verify")).toEqual([{ ok: true, result: "accepted" }]);

    // A transfer cannot wait for the letter: the operator asks for an emergency code.
    const panel = page.getByTestId("emergency-code-panel");
    await expect(panel).toContainText("コードはこの画面には表示されません。");
    await panel.getByLabel("理由", { exact: true }).fill("新しいトークンの利用開始前に至急の振込が必要（電話）");
    await panel.getByRole("button", { name: "緊急用コードを依頼する" }).click();
    await expect(panel).toContainText(/緊急用コードを依頼しました（承認期限 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}）。/);
    const status = panel.getByTestId("emergency-code-status");
    await expect(status).toHaveText(new RegExp(`^直近の依頼: 依頼中・承認待ち（依頼日時 ${JST}、承認期限 ${JST}）$`));
    await expect(history.getByRole("row").filter({ hasText: "緊急用コードの依頼" }).filter({ hasText: "成功" })).toHaveCount(1);

    // Another person decides: a supervisor approves it from the queue.
    const supervisorContext = await browser.newContext();
    const boss = await supervisorContext.newPage();
    await signIn(boss, account("supervisor"));
    await boss.getByRole("link", { name: "承認待ちを開く" }).click();
    const row = boss.getByTestId("approvals-table").getByRole("row").filter({ hasText: customer.contractId });
    await expect(row).toContainText("緊急用コード");
    await expect(row).toContainText("電話");
    await expect(row).toContainText("至急の振込");
    const decide = row.getByTestId(`decide-${customer.contractId}`);
    await decide.getByLabel("理由", { exact: true }).fill("交換済み・新トークン未登録を確認しました");
    await decide.getByRole("button", { name: "承認する" }).click();
    // The row leaves the queue; the queue says what was decided for whom, and until when the code works.
    await expect(row).toHaveCount(0);
    await expect(boss.getByTestId("approvals-decided")).toHaveText(new RegExp(`^${customer.nameKanji}さまの緊急用コードを承認しました。コードは確認済みの登録メールアドレスへ送ります（有効期限 ${JST}）。$`));
    await supervisorContext.close();

    // The operator hears of the decision; the code is not on their screen.
    await page.goto("/");
    const decisions = page.getByTestId("approval-decisions");
    await expect(decisions).toContainText(`緊急用コード（契約者ID ${customer.contractId}）: 承認`);

    // Back on the customer, the panel says when the code was mailed and until when it works, so the
    // operator can tell the caller; asking again stays possible, with a word that a code is valid.
    await openCustomer(page, customer.contractId, customer.nameKanji);
    const issuedLine = new RegExp(`^直近の依頼: 発行済み（送信日時 ${JST}、有効期限 (${JST})）・未使用$`);
    await expect(status).toHaveText(issuedLine);
    const issued = issuedLine.exec(await status.innerText());
    expect(issued, await status.innerText()).not.toBeNull();
    await expect(panel.getByTestId("emergency-code-valid")).toHaveText(`有効な緊急用コードがあります（有効期限 ${issued![1]}）。`);
    await expect(panel.getByRole("button", { name: "緊急用コードを依頼する" })).toBeEnabled();

    // The notice worker mails the code to the customer's confirmed address.
    await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "デモ用メールボックス" }).click();
    const option = page.getByLabel("お客さま").locator("option").filter({ hasText: customer.nameKanji });
    const mailbox = `/demo/mailbox?customer=${await option.getAttribute("value")}`;
    const mail = page.getByTestId("mailbox-entry").filter({ hasText: "緊急用コードのお知らせ" });
    await expect(async () => {
      await page.goto(mailbox);
      await expect(mail).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 60_000 });
    await expect(mail).toContainText(customer.emails[0]!);
    const emergencyCode = /緊急用コード：(\d{10})/.exec(await mail.innerText())?.[1];
    expect(emergencyCode, "the mail carries the code").toBeDefined();

    // Internet banking checks it in place of a one-time password: accepted once, then refused.
    const verify = () =>
      request.post("/api/token-service/v1/verify-emergency", { headers: { authorization: `Bearer ${apiKey}` }, data: { serviceId, userId, emergencyCode } });
    const first = await verify();
    expect(first.status()).toBe(200);
    expect(await first.json()).toEqual({ ok: true, result: "accepted" });
    const again = await verify();
    expect(again.status()).toBe(200);
    expect(await again.json()).toMatchObject({ ok: true, result: "rejected", reason: "invalid_code" });

    // The desk's history tells it in words; the customer view never holds the code. Reloaded, so the
    // document is this page's own and not the mailbox's that the browser navigated from.
    await openCustomer(page, customer.contractId, customer.nameKanji);
    await page.reload();
    const uses = history.getByRole("row").filter({ hasText: "緊急用コード認証" });
    await expect(uses.filter({ hasText: "成功" })).toHaveCount(1);
    await expect(uses.filter({ hasText: "失敗" })).toHaveCount(1);
    await expect(history.getByRole("row").filter({ hasText: "依頼の承認" }).filter({ hasText: "成功" })).toHaveCount(1);
    // The panel says the code was used, and no valid code is left to warn about.
    await expect(status).toHaveText(new RegExp(`^直近の依頼: 発行済み（送信日時 ${JST}、有効期限 ${JST}）・使用済み（${JST}）$`));
    await expect(panel.getByTestId("emergency-code-valid")).toHaveCount(0);
    expect(await page.locator("body").innerText()).not.toContain(emergencyCode!);
    expect(await page.content()).not.toContain(emergencyCode!);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
