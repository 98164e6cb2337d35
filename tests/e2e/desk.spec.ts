import { expect, test, type Page } from "@playwright/test";
import { demoCustomers } from "@/db/seed/demo-data";
import { BLOCKED_DEMO_INDEX } from "@/db/seed/seed";
import { formatPhoneJp } from "@/lib/customers/format-phone";
import { account, signIn, verifyAtCounter } from "./helpers";

async function openByContract(page: Page, contractId: string, nameKanji: string): Promise<void> {
  await page.goto("/customers");
  await page.getByLabel("検索項目").selectOption({ label: "契約者ID" });
  await page.getByLabel("検索語").fill(contractId);
  await page.getByRole("button", { name: "検索", exact: true }).click();
  await page.getByRole("link", { name: `開く: ${nameKanji}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${nameKanji} さま`);
}

/** From the customer search to 山田 太郎 (the demo seed's first customer) on screen. */
async function openYamada(page: Page, query: string): Promise<void> {
  await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "顧客検索" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "顧客検索" })).toBeVisible();
  await page.getByLabel("検索項目").selectOption({ label: "氏名（漢字・カナ）" });
  await page.getByLabel("検索語").fill(query);
  await page.getByRole("button", { name: "検索", exact: true }).click();
  const results = page.getByTestId("customer-results");
  const row = results.getByRole("row").filter({ hasText: "山田 太郎" });
  await expect(row).toContainText("090-****-5678");
  await expect(row).toContainText("t***@example.jp");
  await expect(results).not.toContainText("09012345678");
  await row.getByRole("link", { name: "開く: 山田 太郎" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("山田 太郎 さま");
}

async function answer(page: Page, values: { name: string; birthDate: string; phone: string; branchCode: string; accountNumber: string; otp?: string }) {
  const form = page.getByRole("form", { name: "電話で本人確認" });
  await form.getByLabel("お名前（漢字またはカナ）").fill(values.name);
  await form.getByLabel("生年月日").fill(values.birthDate);
  await form.getByLabel("登録電話番号").fill(values.phone);
  await form.getByLabel("店番（3桁）").fill(values.branchCode);
  await form.getByLabel("口座番号").fill(values.accountNumber);
  if (values.otp !== undefined) await form.getByLabel(/ワンタイムパスワード/).fill(values.otp);
  await form.getByRole("button", { name: "照合する" }).click();
}

test("an operator finds a caller by kana, a wrong answer is refused and counted, then verifies by phone and sees the countdown", async ({ page }) => {
  await signIn(page, account("operator"));
  await openYamada(page, "ﾔﾏﾀﾞ たろう");

  const identity = page.getByTestId("customer-identity");
  await expect(identity.locator("[data-field=phone]")).toHaveText("090-****-5678");
  await expect(identity.locator("[data-field=birthDate]")).toHaveText("••••");
  await expect(page.getByTestId("customer-tokens")).toContainText("利用中");
  await expect(page.getByTestId("verification-panel")).toContainText("未確認");

  await answer(page, { name: "やまだ たろう", birthDate: "1980/04/16", phone: "090-1234-5678", branchCode: "101", accountNumber: "1234567" });
  await expect(page.getByTestId("verification-panel").getByRole("alert")).toContainText("登録内容と一致しない項目があります");
  await expect(page.getByTestId("verification-failures")).toContainText("直近24時間の失敗: 1 / 3 回");
  await expect(identity.locator("[data-field=birthDate]")).toHaveText("••••");
  // The refused answers stay on screen to be corrected, not typed again.
  const phoneForm = page.getByRole("form", { name: "電話で本人確認" });
  await expect(phoneForm.getByLabel("お名前（漢字またはカナ）")).toHaveValue("やまだ たろう");
  await expect(phoneForm.getByLabel("生年月日")).toHaveValue("1980/04/16");
  await expect(phoneForm.getByLabel("口座番号")).toHaveValue("1234567");

  await answer(page, { name: "やまだ たろう", birthDate: "1980/04/15", phone: "０９０１２３４５６７８", branchCode: "101", accountNumber: "1234567" });
  const status = page.getByTestId("verification-status");
  await expect(status).toContainText("本人確認済み（電話）");
  await expect(page.getByTestId("verification-panel").getByRole("status")).toContainText("本人確認済み（電話）");
  const countdown = page.getByTestId("verification-countdown");
  // An amount of time as people say it, not a clock reading: 残り 9分12秒.
  await expect(countdown).toHaveText(/^残り (9分[1-5]?\d秒|10分0秒)$/);
  const first = await countdown.textContent();
  await expect(countdown).not.toHaveText(first!, { timeout: 5_000 });
  await expect(identity.locator("[data-field=phone]")).toHaveText("090-1234-5678");
  await expect(identity.locator("[data-field=birthDate]")).toHaveText("1980/04/15");

  const history = page.getByTestId("customer-history");
  await expect(history.getByRole("row").filter({ hasText: "本人確認（電話）" }).filter({ hasText: "失敗" })).toHaveCount(1);
  await expect(history.getByRole("row").filter({ hasText: "本人確認（電話）" }).filter({ hasText: "成功" })).toHaveCount(1);
  // People read names and words: no identifiers, no raw details.
  const historyText = await history.innerText();
  expect(historyText).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
  expect(historyText).not.toContain("{");
});

test("a one-kanji surname (原) and a romaji name (suzuki) find the customers staff mean", async ({ page }) => {
  await signIn(page, account("operator"));
  await page.goto("/customers");
  const results = page.getByTestId("customer-results");
  // The browser tests' seed (40 customers) has one 原 and one スズキ.
  for (const [query, name] of [["原", "原 翔"], ["suzuki", "鈴木 和也"]] as const) {
    await page.getByLabel("検索項目").selectOption({ label: "氏名（漢字・カナ）" });
    await page.getByLabel("検索語").fill(query);
    await page.getByRole("button", { name: "検索", exact: true }).click();
    await expect(results.getByRole("row").filter({ hasText: name }), query).toHaveCount(1);
  }
});

test("an empty or too short search says so, and bad answers get field errors", async ({ page }) => {
  await signIn(page, account("operator"));
  await page.goto("/customers");
  await page.getByRole("button", { name: "検索", exact: true }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("検索語を入力してください。");
  await page.getByLabel("検索語").fill("や");
  await page.getByRole("button", { name: "検索", exact: true }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("氏名は2文字以上で入力してください。");

  await openYamada(page, "山田");
  await answer(page, { name: "やまだ たろう", birthDate: "昭和", phone: "12", branchCode: "101", accountNumber: "1234567", otp: "1234" });
  const form = page.getByRole("form", { name: "電話で本人確認" });
  await expect(form).toContainText("生年月日を 1980/04/15 の形式で入力してください。");
  await expect(form).toContainText("電話番号を10桁または11桁の数字で入力してください。");
  // Each error sits beside its field and is tied to it; the first field in error has the focus.
  const birthDate = form.getByLabel("生年月日");
  await expect(birthDate).toHaveAttribute("aria-invalid", "true");
  await expect(birthDate).toHaveAccessibleDescription(/生年月日を 1980\/04\/15 の形式で入力してください。/);
  await expect(form.getByLabel("登録電話番号")).toHaveAccessibleDescription(/電話番号を10桁または11桁の数字で入力してください。/);
  await expect(birthDate).toBeFocused();
  // What was typed is kept, except the one-time password, which is asked again.
  await expect(form.getByLabel("お名前（漢字またはカナ）")).toHaveValue("やまだ たろう");
  await expect(birthDate).toHaveValue("昭和");
  await expect(form.getByLabel("登録電話番号")).toHaveValue("12");
  await expect(form.getByLabel("店番（3桁）")).toHaveValue("101");
  await expect(form.getByLabel(/ワンタイムパスワード/)).toHaveValue("");
});

test("the JSON search route answers signed-in desk staff only, with masked results", async ({ page, playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: `http://localhost:${process.env.E2E_PORT ?? 3210}` });
  expect((await anonymous.post("/api/customers/search", { data: { kind: "phone", query: "09012345678" } })).status()).toBe(401);
  await anonymous.dispose();

  await signIn(page, account("teller"));
  const response = await page.request.post("/api/customers/search", { data: { kind: "phone", query: "090-1234-5678" } });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { status: string; rows: Array<{ nameKanji: string; phoneMasked: string }> };
  expect(body).toMatchObject({ status: "ok", rows: [{ nameKanji: "山田 太郎", phoneMasked: "090-****-5678" }] });
  expect(JSON.stringify(body)).not.toContain("09012345678");
  expect((await page.request.post("/api/customers/search", { data: { kind: "nope" } })).status()).toBe(400);
});

test("a blocked customer: phone and counter verification are gone, a supervisor clears the block with a reason", async ({ page }) => {
  const blocked = demoCustomers(BLOCKED_DEMO_INDEX + 1)[BLOCKED_DEMO_INDEX]!;
  await signIn(page, account("supervisor"));
  await openByContract(page, blocked.contractId, blocked.nameKanji);
  const panel = page.getByTestId("verification-panel");
  await expect(panel.getByRole("alert")).toContainText("電話・窓口とも本人確認を停止しています");
  await expect(page.getByRole("form", { name: "電話で本人確認" })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "窓口で本人確認" })).toHaveCount(0);
  const clear = page.getByRole("form", { name: "本人確認の停止を解除" });
  await clear.getByLabel("解除の理由").fill("窓口で本人確認書類を確認済み");
  await clear.getByRole("button", { name: "停止を解除する" }).click();
  await expect(page.getByRole("form", { name: "電話で本人確認" })).toBeVisible();
  await expect(panel.getByRole("alert")).toHaveCount(0);
});

test("a teller verifies a customer in person at the counter", async ({ page }) => {
  const customer = demoCustomers(3)[2]!;
  await signIn(page, account("teller"));
  await openByContract(page, customer.contractId, customer.nameKanji);
  await verifyAtCounter(page, customer);
  await expect(page.getByTestId("customer-identity").locator("[data-field=phone]")).toHaveText(formatPhoneJp(customer.phone));
});
