import { expect, test, type Page } from "@playwright/test";
import { demoCustomers, type DemoCustomer } from "@/db/seed/demo-data";
import { maskAddress } from "@/lib/notifications/kinds";
import { account, openCustomer, signIn, verifyByPhone } from "./helpers";

/**
 * Feedback that stays when the thing acted on disappears: a decided request leaves the queue, a
 * removed address its list, a cancelled token the current ones — in the same redraw that brings
 * the result. The line saying what was done stays on screen after the redraw, and the keyboard
 * focus is on it (not back at the top of the page), as it is after any desk form's submit.
 *
 * Seeded demo customers no other spec touches (desk.spec: 0, 2, 7; axe: 9; token-setup: 11, 12;
 * S0C4: 15; lost phone: 22, 31; search: 33; exchange: 38): 28 has two confirmed addresses, 30
 * and 36 a token in use to ask a replacement for, 35 a token in use to cancel.
 */
const EMAILS_DEMO_INDEX = 28;
const REJECTED_DEMO_INDEX = 30;
const CANCEL_DEMO_INDEX = 35;
const APPROVED_DEMO_INDEX = 36;
const demo = demoCustomers(APPROVED_DEMO_INDEX + 1);
/** A desk date in Japan time: 2026/11/22 14:05. */
const JST = String.raw`\d{4}/\d{2}/\d{2} \d{2}:\d{2}`;

function tokenInUse(customer: DemoCustomer) {
  const token = customer.tokens.find((t) => t.status === "active");
  expect(token, `the seed gives ${customer.nameKanji} a token in use`).toBeDefined();
  return token!;
}

/** The operator's replacement request after a phone check: the token stops, a supervisor decides. */
async function requestReplacement(page: Page, customer: DemoCustomer) {
  const token = tokenInUse(customer);
  await openCustomer(page, customer.contractId, customer.nameKanji);
  await verifyByPhone(page, customer);
  // A verification made here replaces its form: the status that replaced it has the focus.
  await expect(page.getByTestId("verification-status")).toBeFocused();
  const card = page.getByTestId(`token-card-${token.serial}`);
  await card.getByRole("button", { name: "トークン再発行（紛失・機種変更）" }).click();
  const form = card.getByRole("form", { name: /再発行/ });
  await form.getByLabel("トークン再発行の理由").selectOption({ label: "紛失" });
  await form.getByLabel("理由", { exact: true }).fill("スマートフォン紛失のお申し出（電話）");
  await form.getByRole("button", { name: "トークン再発行を依頼する" }).click();
  await form.getByRole("button", { name: "はい、止めて進める" }).click();
  // Another form's result: the request's line, with the focus, once the form has closed.
  const done = page.getByTestId("token-action-done");
  await expect(done).toContainText(`シリアル ${token.serial} を利用停止し、再発行を依頼しました`);
  await expect(page.getByTestId("token-action-form")).toHaveCount(0);
  await expect(done).toBeFocused();
  return token;
}

test("a supervisor's decision leaves the queue, and the queue keeps saying what was decided for whom, with the focus", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const approved = demo[APPROVED_DEMO_INDEX]!;
  const rejected = demo[REJECTED_DEMO_INDEX]!;
  await signIn(page, account("operator"));
  const approvedToken = await requestReplacement(page, approved);
  const rejectedToken = await requestReplacement(page, rejected);

  const context = await browser.newContext();
  const boss = await context.newPage();
  try {
    await signIn(boss, account("supervisor"));
    await boss.goto("/approvals");
    await expect(boss.getByRole("heading", { level: 1 })).toHaveText("承認待ちの依頼");
    const rows = boss.getByTestId("approvals-table").getByRole("row");
    const decided = boss.getByTestId("approvals-decided");

    const first = rows.filter({ hasText: approved.contractId });
    await first.getByLabel("理由", { exact: true }).fill("本人確認の内容を確認しました");
    await first.getByRole("button", { name: "承認する" }).click();
    // The row goes with the redraw; the line stays, says who and which tokens, and has the focus.
    await expect(first).toHaveCount(0);
    await expect(decided).toContainText(`${approved.nameKanji}さまのトークン再発行（シリアル ${approvedToken.serial}）を承認しました。`);
    await expect(decided).toContainText(/新しいトークン（シリアル \d{8}）を発行し、利用開始パスワードを登録住所へ郵送します。/);
    await expect(decided).toBeFocused();
    await expect(decided).toHaveAttribute("role", "status");

    // Until the next decision, which replaces it.
    const second = rows.filter({ hasText: rejected.contractId });
    await second.getByLabel("理由", { exact: true }).fill("確認事項に不一致があるため");
    await second.getByRole("button", { name: "却下する" }).click();
    await expect(second).toHaveCount(0);
    await expect(decided).toHaveText(`${rejected.nameKanji}さまのトークン再発行（シリアル ${rejectedToken.serial}）を却下しました。トークンは利用停止のままです。お客さまには登録住所へ書面でお知らせします。`);
    await expect(decided).toBeFocused();
    expect(await decided.innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  } finally {
    await context.close();
  }
});

test("利用解除 takes the token off the panel, which keeps saying it was cancelled and from when a new one may be issued, with the focus", async ({ page }) => {
  test.setTimeout(120_000);
  const customer = demo[CANCEL_DEMO_INDEX]!;
  const token = tokenInUse(customer);
  await signIn(page, account("operator"));
  await openCustomer(page, customer.contractId, customer.nameKanji);
  // A refusal is a result too: a wrong answer's alert has the focus, not the top of the page.
  const phone = page.getByRole("form", { name: "電話で本人確認" });
  await phone.getByLabel("お名前（漢字またはカナ）").fill(customer.nameKana);
  await phone.getByLabel("生年月日").fill("1901/01/01");
  await phone.getByLabel("登録電話番号").fill(customer.phone);
  await phone.getByLabel("店番（3桁）").fill(customer.branchCode);
  await phone.getByLabel("口座番号").fill(customer.accountNumber);
  await phone.getByRole("button", { name: "照合する" }).click();
  await expect(phone.getByRole("alert")).toContainText("登録内容と一致しない項目があります");
  await expect(phone.getByRole("alert")).toBeFocused();
  await verifyByPhone(page, customer);

  const card = page.getByTestId(`token-card-${token.serial}`);
  await card.getByRole("button", { name: "利用解除", exact: true }).click();
  const form = card.getByRole("form", { name: "利用解除" });
  await form.getByLabel("理由", { exact: true }).fill("お客さまのご依頼で解約（電話）");
  await form.getByRole("button", { name: "利用解除する" }).click();
  await form.getByRole("button", { name: "はい、利用解除する" }).click();

  const done = page.getByTestId("token-action-done");
  await expect(done).toContainText(`シリアル ${token.serial}（サービスID ${token.serviceId}）を利用解除しました。`);
  await expect(done).toContainText(new RegExp(`${JST} から新しいトークンを発行できます。`));
  // The page has redrawn without the token: the line is still there, and still has the focus.
  await expect(card).toHaveCount(0);
  await expect(page.getByTestId(`token-status-${token.serial}`)).toContainText("利用解除");
  await expect(done).toBeVisible();
  await expect(done).toBeFocused();
  expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("token-action-done");
});

test("deleting an e-mail address takes it off the list, and the panel keeps saying which one went and how the customer is told, with the focus", async ({ page }) => {
  test.setTimeout(120_000);
  const customer = demo[EMAILS_DEMO_INDEX]!;
  expect(customer.emails, "the seed gives this customer two addresses").toHaveLength(2);
  const [gone, kept] = customer.emails as [string, string];
  await signIn(page, account("operator"));
  await openCustomer(page, customer.contractId, customer.nameKanji);
  await verifyByPhone(page, customer);

  const panel = page.getByTestId("emails-panel");
  const item = panel.getByTestId("customer-email").filter({ hasText: gone });
  await item.getByRole("button", { name: "削除", exact: true }).click();
  const form = item.getByTestId("email-delete-form");
  await form.getByLabel("理由", { exact: true }).fill("お客さまから使わなくなったとのお申し出");
  await form.getByRole("button", { name: "削除する" }).click();

  const done = page.getByTestId("emails-done");
  await expect(done).toHaveText(
    `${maskAddress(gone)} を削除しました。お客さまには登録住所への書面、残りの確認済みアドレス（${maskAddress(kept)}）へのメール、削除したアドレスへのメールでお知らせします。`,
  );
  // The list has redrawn without the address: the line is still there, and still has the focus.
  await expect(panel.getByTestId("customer-email")).toHaveCount(1);
  await expect(panel.getByTestId("customer-emails")).not.toContainText(gone);
  await expect(done).toBeVisible();
  await expect(done).toBeFocused();
  expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("emails-done");
});
