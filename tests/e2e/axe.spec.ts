import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { demoCustomers } from "@/db/seed/demo-data";
import { localeCookie, type Locale } from "@/lib/i18n/locales";
import { account, signIn } from "./helpers";

/**
 * axe-core on every page of every role, in Japanese and in English: 0 violations. AxeBuilder
 * evaluates axe through the DevTools protocol, which the portal's nonce-based CSP does not govern
 * (an injected <script> tag would rightly be refused); each scan also proves the page's own
 * scripts ran under that CSP, since the checks run on the hydrated page.
 */

/** A customer no other spec verifies or changes: the operator verifies them by phone here. */
const CUSTOMER_INDEX = 9;
const customer = demoCustomers(CUSTOMER_INDEX + 1)[CUSTOMER_INDEX]!;

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

async function violations(page: Page): Promise<Violation[]> {
  // Legacy mode runs axe once in the page itself: the portal has no cross-origin frames, and the
  // default mode's per-frame runs plus a second page to merge them double a scan's time on a busy machine.
  const result = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  // A page axe could not read would pass vacuously: it must have checked some rules.
  expect(result.passes.length, "axe checked no rule").toBeGreaterThan(10);
  return result.violations;
}

/** One line per rule and element, e.g. "color-contrast (serious) Elements must …: .badge — Fix …". */
function readable(found: Violation[]): string {
  return found.flatMap((v) => v.nodes.map((n) => `  ${v.id} (${v.impact ?? "?"}) ${v.help}: ${n.target.map(String).join(" ")} — ${(n.failureSummary ?? "").replace(/\s+/g, " ")}`)).join("\n");
}

async function setLocale(page: Page, locale: Locale): Promise<void> {
  const url = new URL(page.url() === "about:blank" ? (test.info().project.use.baseURL ?? "http://localhost") : page.url());
  await page.context().addCookies([{ name: localeCookie, value: locale, url: url.origin }]);
}

/**
 * Opens `url` (or reloads the current page) in each language, optionally brings the page into the
 * state to check, and expects no violation. Both languages are checked even when one fails.
 */
async function expectAccessible(page: Page, name: string, url: string | null, prepare?: (locale: Locale) => Promise<void>): Promise<void> {
  const target = url ?? page.url();
  // English first, so the page is left in Japanese for the steps that follow.
  for (const locale of ["en", "ja"] as const) {
    await setLocale(page, locale);
    await page.goto(target);
    await page.waitForLoadState("networkidle");
    await expect(page.locator("html")).toHaveAttribute("lang", locale === "ja" ? /^ja/ : /^en/);
    await prepare?.(locale);
    const found = await violations(page);
    expect.soft(found, `${name} (${locale}):\n${readable(found)}`).toEqual([]);
  }
}

/**
 * Searches the customer by kana (the search form's default) on a settled page, so hydration
 * cannot reset what was typed.
 */
async function searchCustomer(page: Page): Promise<void> {
  await page.locator("input[name=query]").fill(customer.nameKana);
  await page.locator("input[name=query]").press("Enter");
  await expect(page.getByTestId("customer-results").getByRole("row").filter({ hasText: customer.contractId })).toHaveCount(1);
}

async function openCustomer(page: Page): Promise<void> {
  await page.goto("/customers");
  await page.waitForLoadState("networkidle");
  await searchCustomer(page);
  await page.getByTestId("customer-results").getByRole("row").filter({ hasText: customer.contractId }).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(customer.nameKanji);
}

/** An ID no customer has: the desk's "not found" inside the signed-in frame — one header, one main. */
async function expectUnknownCustomerAccessible(page: Page): Promise<void> {
  await expectAccessible(page, "unknown customer", `/customers/${randomUUID()}`, async () => {
    await expect(page.getByTestId("not-found")).toBeVisible();
    await expect(page.getByRole("banner")).toHaveCount(1);
    await expect(page.getByRole("main")).toHaveCount(1);
  });
}

/** The first event the explorer lists, opened from its row. */
async function firstEventUrl(page: Page): Promise<string> {
  await page.goto("/audit");
  const link = page.getByTestId("audit-table").locator('a[href^="/audit/events/"]').first();
  await expect(link).toBeVisible();
  return (await link.getAttribute("href"))!;
}

test.afterEach(async ({ page }) => {
  await setLocale(page, "ja");
});

test("signed out: the sign-in page and an unknown address", async ({ page }) => {
  await expectAccessible(page, "sign-in", "/signin");
  await expectAccessible(page, "404 (signed out)", "/no-such-page");
});

// Each test scans a handful of pages twice (two languages): on a saturated 2-core machine a
// page's load and scan can take 15 s or more, hence the generous time per test.
test("the pages of an operator: home, search, a customer before and after verification", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, account("operator"));
  await expectAccessible(page, "home", "/");
  await expectAccessible(page, "customer search", "/customers", () => searchCustomer(page));
  await openCustomer(page);
  const customerUrl = page.url();
  await expectAccessible(page, "customer, not verified", customerUrl, async () => {
    await page.getByTestId("triage-panel").getByRole("button", { name: "S0C4" }).click();
    await expect(page.getByTestId("triage-result")).toContainText("S0C4");
  });

  const form = page.getByRole("form", { name: "電話で本人確認" });
  await form.getByLabel("お名前（漢字またはカナ）").fill(customer.nameKana);
  await form.getByLabel("生年月日").fill(customer.birthDate);
  await form.getByLabel("登録電話番号").fill(customer.phone);
  await form.getByLabel("店番（3桁）").fill(customer.branchCode);
  await form.getByLabel("口座番号").fill(customer.accountNumber);
  await form.getByRole("button", { name: "照合する" }).click();
  await expect(page.getByTestId("verification-status")).toContainText("本人確認済み（電話）");
  await expectAccessible(page, "customer, verified", customerUrl, async () => {
    const triage = page.getByTestId("triage-panel");
    await triage.locator("input[list]").fill("a998");
    await expect(page.getByTestId("triage-offer")).toBeVisible();
  });

  // History in words: no id, no raw JSON.
  const history = await page.getByTestId("customer-history").innerText();
  expect(history).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
  expect(history).not.toContain("{");
});

test("the pages of an operator: an unknown customer, mailbox, 404, forbidden", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, account("operator"));
  await expectUnknownCustomerAccessible(page);
  await expectAccessible(page, "demo mailbox", "/demo/mailbox");
  await expectAccessible(page, "404", "/no-such-page");
  await page.goto("/admin/staff");
  await expect(page).toHaveURL(/\/forbidden/);
  await expectAccessible(page, "forbidden", null);
});

test("the pages of a teller: home, search, a customer with the counter's verification, mailbox", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, account("teller"));
  await expectAccessible(page, "home (teller)", "/");
  await expectAccessible(page, "customer search (teller)", "/customers", () => searchCustomer(page));
  await openCustomer(page);
  await expect(page.getByRole("form", { name: "窓口で本人確認" })).toBeVisible();
  await expectAccessible(page, "customer (teller)", null);
  await expectAccessible(page, "demo mailbox (teller)", "/demo/mailbox");
});

test("the pages of a supervisor: home, search, a customer, approvals", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, account("supervisor"));
  await expectAccessible(page, "home (supervisor)", "/");
  await expectAccessible(page, "customer search (supervisor)", "/customers", () => searchCustomer(page));
  await openCustomer(page);
  await expectAccessible(page, "customer (supervisor)", null);
  await expectAccessible(page, "approvals", "/approvals");
});

test("the pages of a supervisor: stuck notices, the team's audit log and an event, mailbox", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, account("supervisor"));
  await expectAccessible(page, "notices", "/notices");
  await expectAccessible(page, "audit log (supervisor)", "/audit");
  await expectAccessible(page, "audit event (supervisor)", await firstEventUrl(page));
  await expectAccessible(page, "demo mailbox (supervisor)", "/demo/mailbox");
});

test("the pages of an auditor: home, the audit log, an event, integrity", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, account("auditor"));
  await expectAccessible(page, "home (auditor)", "/");
  await expectAccessible(page, "audit log", "/audit");
  await expectAccessible(page, "audit event", await firstEventUrl(page));
  await expectAccessible(page, "integrity", "/audit/integrity");
});

test("the pages of an auditor: daily review, reports, mailbox", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, account("auditor"));
  await expectAccessible(page, "daily review", "/audit/reviews");
  // The charts are drawn in the browser: scanned once their bars are there.
  await expectAccessible(page, "reports", "/audit/reports", async () => {
    await expect(page.getByTestId("report-chart").locator("svg").first()).toBeVisible();
  });
  await expectAccessible(page, "demo mailbox (auditor)", "/demo/mailbox");
});

test("the pages of an admin: home, staff administration, mailbox", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, account("admin"));
  await expectAccessible(page, "home (admin)", "/");
  await expectAccessible(page, "staff admin", "/admin/staff");
  await expectAccessible(page, "demo mailbox (admin)", "/demo/mailbox");
});
