import { createHash } from "node:crypto";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { demoCustomers } from "@/db/seed/demo-data";
import { checkpointKeys, publicKeyBase64 } from "@/lib/audit/checkpoint";
import { localeCookie, type Locale } from "@/lib/i18n/locales";
import { e2eEnv } from "./env";
import { account, openCustomer, signIn, verifyByPhone } from "./helpers";

/**
 * Japanese at 1366 px, measured rather than photographed: a label that must read as one word
 * renders on one line (its text's client rects share one line box), the supervisor's menu is one
 * row, a chart's tick labels lie inside their drawing.
 */

/** Read only here: an active token that may be renewed only from a date, beside a replaced one. */
const READ_INDEX = 13;
/** Changed only here: its one token is cancelled, after which no emergency code is offered. */
const CANCEL_INDEX = 32;

/** How many line boxes the element's text occupies. */
async function lines(locator: Locator): Promise<number> {
  return locator.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const style = getComputedStyle(el);
    const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
    const tops: number[] = [];
    for (const rect of [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0).sort((a, b) => a.top - b.top)) {
      if (!tops.some((top) => Math.abs(top - rect.top) < lineHeight / 2)) tops.push(rect.top);
    }
    return tops.length;
  });
}

async function expectOneLine(locator: Locator, what: string): Promise<void> {
  await expect(locator).toBeVisible();
  const text = (await locator.innerText()).trim();
  expect(await lines(locator), `${what}: 「${text}」 on one line`).toBe(1);
}

/** Every element the locator finds is on one line; there is at least one. */
async function expectEachOneLine(locator: Locator, what: string): Promise<void> {
  await expect(locator.first()).toBeVisible();
  for (const one of await locator.all()) await expectOneLine(one, what);
}

async function setLocale(page: Page, locale: Locale): Promise<void> {
  await page.context().addCookies([{ name: localeCookie, value: locale, url: new URL(page.url()).origin }]);
}

test.afterEach(async ({ page }) => {
  if (page.url().startsWith("http")) await setLocale(page, "ja");
});

test("the sign-in page's role names are each one word on one line", async ({ page }) => {
  await page.goto("/signin");
  const roles = page.getByTestId("demo-help").getByTestId("demo-role");
  await expect(roles.filter({ hasText: "スーパーバイザー" })).toHaveCount(1);
  await expectEachOneLine(roles, "role name");
});

test("a customer's contract ID, renewal date and token badges stay whole, in the search results and on the customer page", async ({ page }) => {
  const customer = demoCustomers(READ_INDEX + 1)[READ_INDEX]!;
  await signIn(page, account("operator"));
  await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "顧客検索" }).click();
  await page.getByLabel("検索項目").selectOption({ label: "契約者ID" });
  await page.getByLabel("検索語").fill(customer.contractId);
  await page.getByRole("button", { name: "検索", exact: true }).click();
  const results = page.getByTestId("customer-results");
  await expectOneLine(results.getByRole("cell", { name: customer.contractId, exact: true }), "contract ID in the results");
  await expectEachOneLine(results.locator("th"), "column header");

  await page.getByRole("link", { name: `開く: ${customer.nameKanji}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${customer.nameKanji} さま`);
  await expectOneLine(page.getByTestId("customer-identity").locator('dd[data-field="contractId"]'), "contract ID");
  const renewal = page.getByTestId("customer-tokens").getByTestId("token-renewal");
  await expect(renewal.filter({ hasText: /^\d{4}\/\d{2}\/\d{2}から更新可$/ })).toHaveCount(1);
  await expectEachOneLine(renewal, "renewal line");
  await expectEachOneLine(page.getByTestId("customer-tokens").locator(".badge"), "badge");
  await expectEachOneLine(page.getByTestId("customer-tokens").locator("th"), "column header");
});

test("the supervisor's menu is one row at 1366 px, in Japanese and in English", async ({ page }) => {
  await signIn(page, account("supervisor"));
  for (const locale of ["ja", "en"] as const) {
    await setLocale(page, locale);
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", locale);
    const items = page.getByTestId("main-nav").getByRole("listitem");
    await expect(items).toHaveCount(6);
    const tops = await items.evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top)));
    expect(new Set(tops).size, `${locale}: menu items on rows ${tops.join(", ")}`).toBe(1);
    await expectEachOneLine(page.getByTestId("main-nav").getByRole("link"), "menu item");
    // One row for the whole header bar: the menu sits beside the logo, not under it.
    const [logo, nav] = await Promise.all([page.getByTestId("portal-logo").boundingBox(), page.getByTestId("main-nav").boundingBox()]);
    expect(nav!.y, `${locale}: menu beside the logo`).toBeLessThan(logo!.y + logo!.height);
  }
});

test("the audit log's channel, role and contract cells read whole; report chart labels are not clipped; the integrity page shows the key's fingerprint", async ({ page }) => {
  test.slow();
  await signIn(page, account("auditor"));
  await page.goto("/audit");
  const table = page.getByTestId("audit-table");
  await expectEachOneLine(table.getByRole("cell", { name: "画面（窓口・電話）", exact: true }), "channel");
  await expectEachOneLine(table.locator("th"), "column header");
  await expectEachOneLine(table.locator(".badge"), "badge");

  // English action names are the longest labels a fresh database has ("Verify a caller by phone").
  for (const locale of ["ja", "en"] as const) {
    await setLocale(page, locale);
    await page.goto("/audit/reports");
    await expect(page.locator("html")).toHaveAttribute("lang", locale);
    const charts = page.getByTestId("report-chart");
    await expect(charts.locator(".recharts-cartesian-axis-tick-value").first()).toBeVisible();
    const ticks = await charts.evaluateAll((figures) =>
      figures.flatMap((figure) =>
        [...figure.querySelectorAll(".recharts-cartesian-axis-tick-value")].map((text) => {
          // The drawing the label belongs to (the legend's icons are little SVGs of their own).
          const svg = text.closest("svg")!.getBoundingClientRect();
          const box = text.getBoundingClientRect();
          return { text: text.textContent ?? "", inside: box.left >= svg.left - 0.5 && box.right <= svg.right + 0.5 && box.top >= svg.top - 0.5 && box.bottom <= svg.bottom + 0.5 };
        }),
      ),
    );
    expect(ticks.some((t) => (locale === "ja" ? /[ぁ-んァ-ヶ一-龠]/ : /^[A-Z][a-z]+ [a-z]/).test(t.text)), `${locale}: a category label is drawn`).toBe(true);
    expect(ticks.filter((t) => !t.inside).map((t) => t.text), `${locale}: labels cut at the chart's edge`).toEqual([]);
  }
  await setLocale(page, "ja");

  await page.goto("/audit/integrity");
  const publicKey = Buffer.from(publicKeyBase64(checkpointKeys(Buffer.from(e2eEnv.TOKENDESK_AUDIT_SIGNING_KEY, "base64")).publicKey), "base64");
  const fingerprint = createHash("sha256").update(publicKey).digest("hex").toUpperCase().match(/.{4}/g)!.join(" ");
  await expect(page.getByTestId("key-fingerprint")).toHaveText(fingerprint);
});

test("no emergency code is offered once the customer has no token it could stand in for", async ({ page }) => {
  const customer = demoCustomers(CANCEL_INDEX + 1)[CANCEL_INDEX]!;
  const [token] = customer.tokens;
  expect(customer.tokens.map((t) => t.status), "the seed gives this customer one active token").toEqual(["active"]);
  await signIn(page, account("operator"));
  await openCustomer(page, customer.contractId, customer.nameKanji);
  await verifyByPhone(page, customer);
  const panel = page.getByTestId("emergency-code-panel");
  await expect(panel.getByRole("button", { name: "緊急用コードを依頼する" })).toBeVisible();

  const card = page.getByTestId(`token-card-${token!.serial}`);
  await card.getByRole("button", { name: "利用解除", exact: true }).click();
  const form = card.getByTestId("token-action-form");
  await form.getByLabel("理由", { exact: true }).fill("お客さまのお申し出により利用解除");
  await form.getByRole("button", { name: "利用解除する" }).click();
  await form.getByRole("button", { name: "はい、利用解除する" }).click();
  await expect(page.getByTestId(`token-status-${token!.serial}`)).toContainText("利用解除");

  await expect(page.getByRole("button", { name: "緊急用コードを依頼する" })).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("verification-status")).toContainText("本人確認済み（電話）");
  await expect(page.getByTestId("customer-tokens")).toContainText(token!.serial);
  await expect(page.getByRole("button", { name: "緊急用コードを依頼する" })).toHaveCount(0);
  await expect(page.getByTestId("emergency-code-panel")).toHaveCount(0);
});
