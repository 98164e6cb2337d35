import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { account, signIn } from "./helpers";

test("an auditor filters by staff and action, shares the URL, opens an event and exports it", async ({ browser, page }) => {
  // An operator's sign-in is the event the auditors look for.
  const operator = account("operator");
  const desk = await browser.newPage();
  await signIn(desk, operator);
  await desk.close();

  await signIn(page, account("auditor"));
  await page.getByRole("link", { name: "監査ログ" }).click();
  await page.getByRole("combobox", { name: "スタッフ", exact: true }).selectOption({ label: `${operator.displayName}（オペレーター）` });
  await page.getByRole("combobox", { name: "操作", exact: true }).selectOption({ label: "サインイン" });
  await page.getByRole("button", { name: "絞り込む", exact: true }).click();
  await expect(page).toHaveURL(/[?&]staff=[0-9a-f-]{36}/);
  await expect(page).toHaveURL(/[?&]action=auth\.sign_in/);
  const table = page.getByTestId("audit-table");
  await expect(table).toContainText(operator.displayName);
  await expect(page.getByTestId("explorer-count")).toHaveText(/該当 [1-9]\d* 件/);
  const rows = await table.locator("tbody tr").allTextContents();

  // The same view in another auditor's session, from the copied URL: the same rows.
  const other = await browser.newPage();
  await signIn(other, account("auditor"));
  await other.goto(page.url());
  await expect(other.getByTestId("audit-table")).toContainText(operator.displayName);
  expect(await other.getByTestId("audit-table").locator("tbody tr").allTextContents()).toEqual(rows);
  await other.close();

  await table.getByRole("link", { name: /イベント \d+ を開く/ }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/イベント \d+/);
  await expect(page.getByTestId("audit-event")).toContainText(`${operator.displayName}（オペレーター）`);
  await page.goBack();

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "CSV で書き出す" }).click();
  const file = await (await download).path();
  await expect(page.getByTestId("export-message")).toContainText(`${rows.length} 件を書き出しました。`);
  const csv = readFileSync(file);
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(csv.toString("utf8").trim().split("\n")).toHaveLength(rows.length + 1);
});
