import { expect, test } from "@playwright/test";
import { account, signIn } from "./helpers";

test("an auditor pages through a long day's review and opens an event from its row", async ({ browser, page }) => {
  test.setTimeout(180_000);
  // 320 customer searches through the desk's JSON search, as an operator's session: each one is
  // an audited read, so the day's list of searches runs over several pages.
  const operator = account("operator");
  const desk = await browser.newPage();
  await signIn(desk, operator);
  for (let done = 0; done < 320; done += 10) {
    const answers = await Promise.all(Array.from({ length: 10 }, () => desk.request.post("/api/customers/search", { data: { kind: "contract", query: "0000000001" } })));
    for (const answer of answers) expect(answer.status()).toBe(200);
  }
  await desk.close();

  await signIn(page, account("auditor"));
  await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "監査ログ" }).click();
  await page.getByRole("navigation", { name: "監査メニュー" }).getByRole("link", { name: "日次レビュー" }).click();
  // The explorer has its own 操作 list: wait until the review page has replaced it.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("日次レビュー");
  await page.getByRole("combobox", { name: "操作", exact: true }).selectOption({ label: "顧客検索" });
  await page.getByRole("button", { name: "表示", exact: true }).click();
  await expect(page).toHaveURL(/[?&]action=customer\.search/);
  const summary = page.getByTestId("review-summary");
  await expect(summary).toHaveText(/該当イベント \d+件/);
  const total = Number(/該当イベント (\d+)件/.exec((await summary.textContent()) ?? "")![1]);
  expect(total).toBeGreaterThanOrEqual(320);
  const pages = Math.ceil(total / 100);

  const table = page.getByTestId("review-events");
  const paging = page.getByRole("navigation", { name: "イベント一覧のページ" });
  await expect(table.locator("tbody tr")).toHaveCount(100);
  await expect(paging.getByRole("link", { name: "1ページ目" })).toHaveAttribute("aria-current", "page");
  await expect(paging).toContainText(`${total}件中 1〜100件目`);
  // The day review says it covers every page, not just this one.
  await expect(page.getByRole("form", { name: "この条件の全件をレビュー済みにする" })).toContainText(`${total}件（全${pages}ページ）`);
  const firstOfPage1 = await table.locator("tbody tr").first().locator("td").nth(1).textContent();

  await paging.getByRole("link", { name: "次のページ" }).click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(paging.getByRole("link", { name: "2ページ目" })).toHaveAttribute("aria-current", "page");
  await expect(paging).toContainText(`${total}件中 101〜200件目`);
  await expect(table.locator("tbody tr")).toHaveCount(100);
  expect(await table.locator("tbody tr").first().locator("td").nth(1).textContent()).not.toBe(firstOfPage1);

  await paging.getByRole("link", { name: `${pages}ページ目` }).click();
  await expect(paging.getByRole("link", { name: `${pages}ページ目` })).toHaveAttribute("aria-current", "page");
  await expect(table.locator("tbody tr")).toHaveCount(total - (pages - 1) * 100);
  await expect(paging.getByRole("link", { name: "次のページ" })).toHaveCount(0);

  // A row says who did what (name and role in words) and opens its event page.
  const row = table.locator("tbody tr").last();
  await expect(row).toContainText(`${operator.displayName}(オペレーター)`);
  await expect(row).toContainText("顧客検索");
  const link = row.getByRole("link", { name: /イベント \d+ を開く/ });
  const id = /イベント (\d+) を開く/.exec((await link.getAttribute("aria-label")) ?? "")![1];
  await link.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`イベント ${id}`);
  await expect(page.getByTestId("audit-event")).toContainText(`${operator.displayName}（オペレーター）`);
  await expect(page.getByTestId("audit-event")).toContainText("顧客検索");
});
