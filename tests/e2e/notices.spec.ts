import { expect, test } from "@playwright/test";
import { account, signIn } from "./helpers";

test("in demo mode every role can open the demo mailbox and pick a customer by name", async ({ page }) => {
  await signIn(page, account("auditor"));
  await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "デモ用メールボックス" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "デモ用メールボックス" })).toBeVisible();
  await expect(page.getByText("お客さまを選んでください。")).toBeVisible();
  const select = page.getByLabel("お客さま");
  // Names only: no option shows an id.
  const labels = await select.locator("option").allTextContents();
  expect(labels.some((l) => l.startsWith("山田 太郎"))).toBe(true);
  expect(labels.join("\n")).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
  await select.selectOption({ label: labels.find((l) => l.startsWith("山田 太郎"))! });
  await page.getByRole("button", { name: "表示" }).click();
  await expect(page.getByText("このお客さまにはまだ何も届いていません。").or(page.getByTestId("mailbox-entry").first())).toBeVisible();
  await expect(page.locator("body")).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}/);
});

test("supervisors open the undelivered-notices page from the menu", async ({ page }) => {
  await signIn(page, account("supervisor"));
  await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "通知の滞留" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "送信できていないお客さま通知" })).toBeVisible();
  await expect(page.getByText("送信できていない通知はありません。")).toBeVisible();
});

test("a teller opening the stuck-notices page is sent to the forbidden page", async ({ page }) => {
  await signIn(page, account("teller"));
  await expect(page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "通知の滞留" })).toHaveCount(0);
  await page.goto("/notices");
  await expect(page).toHaveURL(/\/forbidden/);
});
