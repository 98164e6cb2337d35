import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { demoCustomers } from "@/db/seed/demo-data";
import { account, answers, openCustomer, pdfText, signIn, tokenSim, verifyAtCounter, verifyByPhone } from "./helpers";
import { E2E_TOKEN_FILE, type E2eToken } from "./env";

/**
 * The lost phone, end to end through the real parts: the customer's app is set up and works; they
 * call having lost the phone. The operator verifies them by phone and asks for a replacement: the
 * old token stops at once (the API refuses its codes). Another person — a supervisor — approves
 * it from the queue; the notice worker posts the letter with the new activation password into the
 * demo mailbox; the app simulator activates the new token with it, and its code verifies.
 */

/**
 * A seeded demo customer no other spec touches (desk.spec: 0, 2, 7; axe: 9; token-setup: 11, 12;
 * S0C4: 15), whose live token waits for activation with a known demo password.
 */
const LOST_PHONE_DEMO_INDEX = 22;

test("lost phone: phone verification, replacement request, the old code refused, a supervisor approves, the letter activates the new token", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const { apiKey } = JSON.parse(readFileSync(E2E_TOKEN_FILE, "utf8")) as E2eToken;
  const customer = demoCustomers(LOST_PHONE_DEMO_INDEX + 1)[LOST_PHONE_DEMO_INDEX]!;
  const token = customer.tokens.find((t) => t.status === "pending_activation" && t.activationPassword)!;
  expect(token, "the seed gives this customer a token waiting for activation").toBeDefined();
  const home = mkdtempSync(path.join(os.tmpdir(), "tokendesk-e2e-lost-"));
  try {
    // The app on the (soon lost) phone is set up, and its codes work.
    const setUp = tokenSim(home, apiKey, "activate", "--service", token.serviceId, "--user", token.userId, "--password", token.activationPassword!);
    expect(setUp.status, setUp.stdout + setUp.stderr).toBe(0);
    expect(answers(tokenSim(home, apiKey, "verify", "--user", token.userId).stdout, "verify")).toEqual([{ ok: true, result: "accepted" }]);

    // The operator verifies the caller by phone and asks for a replacement.
    await signIn(page, account("operator"));
    await openCustomer(page, customer.contractId, customer.nameKanji);
    await verifyByPhone(page, customer);

    const card = page.getByTestId(`token-card-${token.serial}`);
    await card.getByRole("button", { name: "トークン再発行（紛失・機種変更）" }).click();
    const form = card.getByRole("form", { name: /再発行/ });
    await expect(form).toContainText("依頼者以外のスーパーバイザーの承認後");
    await form.getByLabel("トークン再発行の理由").selectOption({ label: "紛失" });
    await expect(form.getByTestId("carrier-reminder")).toContainText("携帯電話会社");
    await form.getByLabel("理由", { exact: true }).fill("スマートフォン紛失のお申し出（電話）");
    await form.getByRole("button", { name: "トークン再発行を依頼する" }).click();
    await form.getByRole("button", { name: "はい、止めて進める" }).click();
    await expect(page.getByTestId("token-action-done")).toContainText(`シリアル ${token.serial} を利用停止し、再発行を依頼しました`);
    await expect(page.getByTestId("token-action-done")).toContainText("携帯電話会社");
    await expect(page.getByTestId("replacement-pending")).toBeVisible();

    // The thief's copy stops now: the API refuses the old token's code.
    const refused = answers(tokenSim(home, apiKey, "verify", "--user", token.userId).stdout, "verify");
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ result: "rejected", reason: "suspended" });

    // Another person decides: a supervisor sees the count at home and approves from the queue.
    const supervisorContext = await browser.newContext();
    const boss = await supervisorContext.newPage();
    await signIn(boss, account("supervisor"));
    await expect(boss.getByTestId("approvals-home")).toContainText("承認待ちの依頼が");
    await boss.getByRole("link", { name: "承認待ちを開く" }).click();
    await expect(boss.getByRole("heading", { level: 1 })).toHaveText("承認待ちの依頼");
    const row = boss.getByTestId("approvals-table").getByRole("row").filter({ hasText: customer.contractId });
    await expect(row).toContainText("電話");
    await expect(row).toContainText(token.serial);
    await expect(row).toContainText("紛失");
    const decide = row.getByTestId(`decide-${customer.contractId}`);
    await decide.getByLabel("理由", { exact: true }).fill("本人確認の内容を確認しました");
    await decide.getByRole("button", { name: "承認する" }).click();
    // The row leaves the queue; the queue says what was decided for whom.
    await expect(row).toHaveCount(0);
    await expect(boss.getByTestId("approvals-decided")).toContainText(`${customer.nameKanji}さまのトークン再発行（シリアル ${token.serial}）を承認しました。`);
    await supervisorContext.close();

    // The operator hears of the decision on their next page load.
    await page.goto("/");
    await expect(page.getByTestId("approval-decisions")).toContainText(`契約者ID ${customer.contractId}`);
    await expect(page.getByTestId("approval-decisions")).toContainText("承認");

    // The notice worker posts the letter with the new token's password into the demo mailbox.
    await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "デモ用メールボックス" }).click();
    const option = page.getByLabel("お客さま").locator("option").filter({ hasText: customer.nameKanji });
    const mailbox = `/demo/mailbox?customer=${await option.getAttribute("value")}`;
    const letter = page.getByTestId("mailbox-entry").filter({ hasText: "ワンタイムパスワード再発行のお知らせ" }).getByTestId("mailbox-letter");
    await expect(async () => {
      await page.goto(mailbox);
      await expect(letter.first()).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 60_000 });
    const response = await page.request.get((await letter.first().getAttribute("href"))!);
    expect(response.status()).toBe(200);
    const text = await pdfText(new Uint8Array(await response.body()));
    const newUserId = /ユーザID(\d{12})/.exec(text)?.[1];
    const password = /利用開始パスワード(\d{4,8})有効期限/.exec(text)?.[1];
    expect(newUserId, "the letter prints the new user ID").toBeDefined();
    expect(newUserId).not.toBe(token.userId);
    expect(password, "the letter prints the activation password").toBeDefined();
    for (const body of await page.getByTestId("mailbox-entry").allInnerTexts()) expect(body).not.toContain(password!);

    // The app simulator sets up the new token with it, and its code verifies.
    const activated = tokenSim(home, apiKey, "activate", "--service", token.serviceId, "--user", newUserId!, "--password", password!);
    expect(activated.status, activated.stdout + activated.stderr).toBe(0);
    const verified = tokenSim(home, apiKey, "verify", "--user", newUserId!);
    expect(answers(verified.stdout, "verify")).toEqual([{ ok: true, result: "accepted" }]);

    // The desk shows the old token replaced and the new one in use, in words.
    await openCustomer(page, customer.contractId, customer.nameKanji);
    await expect(page.getByTestId(`token-status-${token.serial}`)).toContainText("利用解除");
    // The newest events come first: the supervisor's approval is on the history's first page or the next.
    const table = page.getByTestId("customer-history");
    let history = await table.innerText();
    if (!history.includes("依頼の承認")) {
      await table.getByRole("button", { name: "次へ" }).click();
      history += await table.innerText();
    }
    expect(history).toContain("依頼の承認");
    expect(history).not.toMatch(/approval\.|token\.|[0-9a-f]{8}-[0-9a-f]{4}/);
    expect(await page.locator("body").innerText()).not.toContain(password!);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

/** A seeded demo customer no other spec touches, with one token in use, for the counter's replacement. */
const COUNTER_DEMO_INDEX = 31;

test("replacement at the counter: the teller sees the new serial and the slip once, and its password starts the new token", async ({ page }) => {
  test.setTimeout(180_000);
  const { apiKey } = JSON.parse(readFileSync(E2E_TOKEN_FILE, "utf8")) as E2eToken;
  const customer = demoCustomers(COUNTER_DEMO_INDEX + 1)[COUNTER_DEMO_INDEX]!;
  const token = customer.tokens.find((t) => t.status === "active")!;
  expect(token, "the seed gives this customer a token in use").toBeDefined();
  const home = mkdtempSync(path.join(os.tmpdir(), "tokendesk-e2e-counter-"));
  try {
    await signIn(page, account("teller"));
    await openCustomer(page, customer.contractId, customer.nameKanji);
    await verifyAtCounter(page, customer);

    const card = page.getByTestId(`token-card-${token.serial}`);
    await card.getByRole("button", { name: "トークン再発行（紛失・機種変更）" }).click();
    const form = card.getByRole("form", { name: /再発行/ });
    await expect(form).toContainText("この場で再発行が完了します");
    await form.getByLabel("トークン再発行の理由").selectOption({ label: "紛失" });
    await form.getByLabel("利用開始パスワードの受け渡し").selectOption({ label: "利用開始票を窓口でお渡しする" });
    await form.getByLabel("理由", { exact: true }).fill("スマートフォン紛失で来店（運転免許証で確認）");
    // The slip's PDF lives only in a blob: URL the page makes (the page's CSP lets no script fetch
    // it back): keep a reference to each blob the page turns into a URL, to read the PDF as shown.
    await page.evaluate(() => {
      const made = new Map<string, Blob>();
      const createObjectURL = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (blob: Blob | MediaSource) => {
        const url = createObjectURL(blob);
        if (blob instanceof Blob) made.set(url, blob);
        return url;
      };
      (window as unknown as { madeBlobs: Map<string, Blob> }).madeBlobs = made;
    });
    await form.getByRole("button", { name: "トークンを再発行する" }).click();
    await form.getByRole("button", { name: "はい、止めて進める" }).click();

    // The slip, shown this once, with the new serial beside it.
    const slip = page.getByTestId("counter-slip");
    await expect(slip).toBeVisible();
    await expect(slip).toContainText(`シリアル ${token.serial} を止め`);
    const newSerial = /新しいトークン（シリアル (\d{8})）/.exec(await slip.innerText())?.[1];
    expect(newSerial, "the slip names the new serial").toBeDefined();
    expect(newSerial).not.toBe(token.serial);

    // The PDF in the slip's frame, as the teller opens and prints it.
    const frame = slip.locator("iframe");
    await expect(frame).toHaveAttribute("src", /^blob:/);
    const bytes = await page.evaluate(async (url) => {
      const blob = (window as unknown as { madeBlobs: Map<string, Blob> }).madeBlobs.get(url);
      return blob ? { type: blob.type, bytes: Array.from(new Uint8Array(await blob.arrayBuffer())) } : null;
    }, (await frame.getAttribute("src"))!);
    expect(bytes?.type, "the frame shows a PDF the page made").toBe("application/pdf");
    const text = await pdfText(new Uint8Array(bytes!.bytes));
    expect(text).toContain("利用開始票");
    expect(text).toContain(`${customer.nameKanji.replace(/\s+/g, "")}様`);
    const password = /利用開始パスワード(\d{4,8})有効期限/.exec(text)?.[1];
    expect(password, "the slip prints the activation password").toBeDefined();
    // On the slip only: never in the page itself.
    expect(await page.locator("body").innerText()).not.toContain(password!);
    expect(await page.content()).not.toContain(password!);

    // Handed over and closed: gone for good, and the panel says what happened.
    await slip.getByRole("button", { name: "お渡ししたので閉じる" }).click();
    await expect(slip).toHaveCount(0);
    await expect(page.getByTestId("token-action-done")).toContainText(`シリアル ${token.serial} を止め、新しいトークン（シリアル ${newSerial}）を発行し、利用開始票をお渡ししました`);
    await expect(page.getByTestId(`token-card-${newSerial}`)).toBeVisible();
    await expect(page.getByTestId(`token-status-${token.serial}`)).toContainText("利用解除");

    // The slip printed the new token's user ID, and its password starts the new token in the app.
    const ids = await page.getByRole("row").filter({ has: page.getByTestId(`token-status-${newSerial}`) }).innerText();
    const newUserId = new RegExp(`${token.serviceId} / (\\d{12})`).exec(ids)?.[1];
    expect(newUserId, "the token table shows the new user ID").toBeDefined();
    expect(text).toContain(newUserId!);
    const activated = tokenSim(home, apiKey, "activate", "--service", token.serviceId, "--user", newUserId!, "--password", password!);
    expect(activated.status, activated.stdout + activated.stderr).toBe(0);
    expect(answers(tokenSim(home, apiKey, "verify", "--user", newUserId!).stdout, "verify")).toEqual([{ ok: true, result: "accepted" }]);
    expect(await page.locator("body").innerText()).not.toContain(password!);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
