import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { demoCustomers } from "@/db/seed/demo-data";
import { localeCookie, type Locale } from "@/lib/i18n/locales";
import { account, signIn } from "./helpers";

/**
 * axe-core on every main page, per role, in Japanese and in English: 0 violations. The script is
 * evaluated through the DevTools protocol, which the portal's nonce-based CSP does not govern (an
 * injected <script> tag would rightly be refused).
 */
const AXE_SOURCE = readFileSync(path.join(process.cwd(), "node_modules", "axe-core", "axe.min.js"), "utf8");

/** A customer no other spec verifies or changes: the operator verifies them by phone here. */
const CUSTOMER_INDEX = 9;
const customer = demoCustomers(CUSTOMER_INDEX + 1)[CUSTOMER_INDEX]!;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string; summary: string }>;
}

async function violations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const { passed, found } = await page.evaluate(async () => {
    type AxeResult = { passes: unknown[]; violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }> };
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return {
      passed: result.passes.length,
      found: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(" "), summary: n.failureSummary ?? "" })) })),
    };
  });
  // A page axe could not read would pass vacuously: it must have checked some rules.
  expect(passed, "axe checked no rule").toBeGreaterThan(10);
  return found;
}

/** One line per rule and element, e.g. "color-contrast (serious) Elements must …: .badge — Fix …". */
function readable(found: Violation[]): string {
  return found.flatMap((v) => v.nodes.map((n) => `  ${v.id} (${v.impact ?? "?"}) ${v.help}: ${n.target} — ${n.summary.replace(/\s+/g, " ")}`)).join("\n");
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

test.afterEach(async ({ page }) => {
  await setLocale(page, "ja");
});

test("sign-in, 404 and the pages of an operator: home, search, a customer before and after verification, mailbox, forbidden", async ({ page }) => {
  // Eight pages, each loaded and scanned: on a saturated 2-core machine that alone takes 40 s or more.
  test.slow();
  await expectAccessible(page, "sign-in", "/signin");
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

  await expectAccessible(page, "demo mailbox", "/demo/mailbox");
  await expectAccessible(page, "404", "/no-such-page");
  await page.goto("/admin/staff");
  await expect(page).toHaveURL(/\/forbidden/);
  await expectAccessible(page, "forbidden", null);
});

test("the pages of a teller: home and a customer with the counter's verification", async ({ page }) => {
  await signIn(page, account("teller"));
  await expectAccessible(page, "home (teller)", "/");
  await openCustomer(page);
  await expect(page.getByRole("form", { name: "窓口で本人確認" })).toBeVisible();
  await expectAccessible(page, "customer (teller)", null);
});

test("the pages of a supervisor: home and stuck notices", async ({ page }) => {
  await signIn(page, account("supervisor"));
  await expectAccessible(page, "home (supervisor)", "/");
  await expectAccessible(page, "notices", "/notices");
});

test("the pages of an auditor: home and the audit log", async ({ page }) => {
  await signIn(page, account("auditor"));
  await expectAccessible(page, "home (auditor)", "/");
  await expectAccessible(page, "audit log", "/audit");
});

test("the pages of an admin: home and staff administration", async ({ page }) => {
  await signIn(page, account("admin"));
  await expectAccessible(page, "home (admin)", "/");
  await expectAccessible(page, "staff admin", "/admin/staff");
});
