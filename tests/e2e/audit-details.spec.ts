import { expect, test, type Locator, type Page } from "@playwright/test";
import { demoCustomers } from "@/db/seed/demo-data";
import { localeCookie, type Locale } from "@/lib/i18n/locales";
import { account, openCustomer, signIn, verifyByPhone } from "./helpers";

/**
 * What an auditor reads about a four-eyes decision, from the screen alone: an operator asks for a
 * replacement after a phone verification, a supervisor approves it, and the auditor opens the
 * approval in the explorer — who asked, who decided, on which verification, when (JST), in words.
 */

/** A seeded demo customer no other spec touches, with one token in use. */
const APPROVAL_DETAILS_DEMO_INDEX = 25;

/** What no reader should meet: an id, JSON, an ISO time, or a vocabulary key instead of its word. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}/i;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const RAW_KEY = /\b[a-z]+[A-Z][A-Za-z]*\b|\b[a-z]+_[a-z_]+\b|\b(approval|token|verification)\.[a-z_]+\b/;

async function setLocale(page: Page, locale: Locale) {
  await page.context().addCookies([{ name: localeCookie, value: locale, url: new URL(page.url()).origin }]);
}

async function expectPlainWords(area: Locator) {
  const text = await area.innerText();
  expect(text).not.toMatch(UUID);
  expect(text).not.toMatch(ISO_TIME);
  expect(text).not.toContain("{");
  expect(text).not.toMatch(RAW_KEY);
  return text;
}

test("an auditor reads a four-eyes approval: requester, approver, the verification used and JST times, in both languages", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const customer = demoCustomers(APPROVAL_DETAILS_DEMO_INDEX + 1)[APPROVAL_DETAILS_DEMO_INDEX]!;
  const token = customer.tokens.find((t) => t.status === "active")!;
  expect(token, "the seed gives this customer a token in use").toBeDefined();
  const operator = account("operator");
  const supervisor = account("supervisor");

  // The operator verifies the caller by phone and asks for a replacement.
  const desk = await browser.newContext();
  const deskPage = await desk.newPage();
  await signIn(deskPage, operator);
  await openCustomer(deskPage, customer.contractId, customer.nameKanji);
  await verifyByPhone(deskPage, customer);
  const card = deskPage.getByTestId(`token-card-${token.serial}`);
  await card.getByRole("button", { name: "トークン再発行（紛失・機種変更）" }).click();
  const form = card.getByRole("form", { name: /再発行/ });
  await form.getByLabel("トークン再発行の理由").selectOption({ label: "紛失" });
  await form.getByLabel("理由", { exact: true }).fill("スマートフォン紛失のお申し出（電話）");
  await form.getByRole("button", { name: "トークン再発行を依頼する" }).click();
  await form.getByRole("button", { name: "はい、止めて進める" }).click();
  await expect(deskPage.getByTestId("token-action-done")).toContainText("再発行を依頼しました");
  await desk.close();

  // A supervisor approves it from the queue.
  const boss = await browser.newContext();
  const bossPage = await boss.newPage();
  await signIn(bossPage, supervisor);
  await bossPage.goto("/approvals");
  const row = bossPage.getByTestId("approvals-table").getByRole("row").filter({ hasText: customer.contractId });
  const decide = row.getByTestId(`decide-${customer.contractId}`);
  await decide.getByLabel("理由", { exact: true }).fill("本人確認の内容を確認しました");
  await decide.getByRole("button", { name: "承認する" }).click();
  await expect(row.or(bossPage.getByTestId("approvals-empty"))).toContainText(/承認しました|承認待ちの依頼はありません/);
  await boss.close();

  // The auditor finds the approval: its details are one line in the grid, in words.
  await signIn(page, account("auditor"));
  await page.goto(`/audit?action=approval.approve&contract=${customer.contractId}`);
  const table = page.getByTestId("audit-table");
  const summary = table.getByTestId("details-summary").first();
  await expect(summary).toContainText(`依頼者: ${operator.displayName}`);
  const lines = await summary.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)));
  expect(lines, "the details cell is one line at 1366 px").toBe(1);
  await expectPlainWords(table);

  // The event page: who asked and who decided, by name; the verification the decision relied on; JST times.
  await table.getByRole("link", { name: /イベント \d+ を開く/ }).first().click();
  const event = page.getByTestId("audit-event");
  await expect(event).toContainText(`${supervisor.displayName}（スーパーバイザー）`);
  await expect(event.getByTestId("event-facts")).toContainText(operator.displayName);
  await expect(event.getByTestId("event-facts")).toContainText("登録住所へ郵送する");
  await expect(event.getByTestId("verification-used")).toHaveText(new RegExp(`^電話での本人確認（\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}・${operator.displayName}）$`));
  const ja = await expectPlainWords(event);
  expect(ja).toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
  expect(ja).not.toContain("なし\n");
  // The verification is a link to the event that recorded it.
  await expect(event.getByTestId("verification-used")).toHaveAttribute("href", /^\/audit\/events\/\d+$/);

  // The same page in English: the same names and facts, English words, no key in sight.
  await setLocale(page, "en");
  await page.reload();
  await expect(event.getByTestId("verification-used")).toHaveText(new RegExp(`^Verification by phone \\(\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}, ${operator.displayName}\\)$`));
  await expect(event.getByTestId("event-facts")).toContainText("Requested by");
  await expect(event.getByTestId("event-facts")).toContainText(operator.displayName);
  await expect(event.getByTestId("event-facts")).toContainText("Token replacement request (");
  const en = await expectPlainWords(event);
  // Japanese only where people wrote it (names, the reason): no label or value word left untranslated.
  expect(en).not.toMatch(/依頼者|承認の依頼|種別|新しいシリアル|お客さまへの通知|郵送|段階|結果/);
  await page.goto(`/audit?action=approval.approve&contract=${customer.contractId}`);
  await expect(table.getByTestId("details-summary").first()).toContainText(`Requested by: ${operator.displayName}`);
  await expectPlainWords(table);
  await setLocale(page, "ja");
});
