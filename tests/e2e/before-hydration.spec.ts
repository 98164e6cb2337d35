import { expect, test, type Page } from "@playwright/test";
import { demoCustomers } from "@/db/seed/demo-data";
import { account, openCustomer, signIn } from "./helpers";

/**
 * The desk on a slow branch PC, or one with scripts off: what the operator chose or typed before
 * the page's scripts ran is what the page acts on once they run, and the customer search works as a
 * plain form post. The search term never reaches the address bar either way (it is posted).
 */

/** Any seeded customer: these tests only read. */
const SEARCH_DEMO_INDEX = 33;
const customer = demoCustomers(SEARCH_DEMO_INDEX + 1)[SEARCH_DEMO_INDEX]!;

/** Holds the page's scripts back until `release()`, as on a busy PC; then waits for `selector` to be hydrated. */
async function holdScripts(page: Page) {
  let release!: () => void;
  const mayLoad = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/_next/static/chunks/**", async (route) => {
    await mayLoad;
    await route.continue();
  });
  return {
    async hydrate(selector: string) {
      release();
      // React has claimed the element once it carries its fiber.
      await page.waitForFunction((css) => {
        const element = document.querySelector(css);
        return element !== null && Object.keys(element).some((key) => key.startsWith("__reactFiber"));
      }, selector);
    },
  };
}

test("without JavaScript, a search by contract ID finds the customer and opens the record", async ({ page, browser }) => {
  await signIn(page, account("operator"));
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  try {
    const plain = await context.newPage();
    await plain.goto("/customers");
    await plain.getByLabel("検索項目").selectOption({ label: "契約者ID" });
    await plain.getByLabel("検索語").fill(customer.contractId);
    await plain.getByRole("button", { name: "検索", exact: true }).click();
    const open = plain.getByRole("link", { name: `開く: ${customer.nameKanji}` });
    await expect(open).toBeVisible();
    // The answer keeps what was asked, and the term was posted, not put in the address.
    await expect(plain.getByLabel("検索項目")).toHaveValue("contract");
    await expect(plain.getByLabel("検索語")).toHaveValue(customer.contractId);
    expect(plain.url()).not.toContain(customer.contractId);
    await open.click();
    await expect(plain.getByRole("heading", { level: 1 })).toHaveText(`${customer.nameKanji} さま`);
  } finally {
    await context.close();
  }
});

test("a search kind chosen before the page's scripts run survives hydration and is the kind searched", async ({ page }) => {
  await signIn(page, account("operator"));
  const scripts = await holdScripts(page);
  // Not waiting for the load event: the held scripts would hold it too.
  await page.goto("/customers", { waitUntil: "commit" });
  const kind = page.getByLabel("検索項目");
  await kind.selectOption({ label: "契約者ID" });
  await page.getByLabel("検索語").fill(customer.contractId);

  await scripts.hydrate("select[name=kind]");
  await expect(kind).toHaveValue("contract");
  await expect(page.locator("#search-hint")).toHaveText("契約者ID（10桁）");
  await expect(page.getByLabel("検索語")).toHaveValue(customer.contractId);
  await page.getByRole("button", { name: "検索", exact: true }).click();
  await expect(page.getByRole("link", { name: `開く: ${customer.nameKanji}` })).toBeVisible();
  await expect(kind).toHaveValue("contract");
});

test("an error code typed before the page's scripts run is kept and explained once they run", async ({ page }) => {
  await signIn(page, account("operator"));
  await openCustomer(page, customer.contractId, customer.nameKanji);
  const scripts = await holdScripts(page);
  await page.goto(page.url(), { waitUntil: "commit" });
  const code = page.getByTestId("triage-panel").locator("input[list]");
  await code.fill("S0C4");

  await scripts.hydrate("[data-testid=triage-panel] input[list]");
  await expect(code).toHaveValue("S0C4");
  await expect(page.getByTestId("triage-result")).toContainText("S0C4");
});

test("sign-in cannot be submitted before the scripts run: the password never reaches the address bar", async ({ page, browser }) => {
  // Scripts off: the button waits, the form says why, and it would post rather than put fields in the URL.
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const plain = await context.newPage();
    await plain.goto("/signin");
    await expect(plain.getByRole("button", { name: "サインイン" })).toBeDisabled();
    await expect(plain.locator("form:has(input[name=password])")).toHaveAttribute("method", "post");
  } finally {
    await context.close();
  }
  // Scripts held back, as on a busy PC: what was typed meanwhile signs in once they run.
  const scripts = await holdScripts(page);
  await page.goto("/signin", { waitUntil: "commit" });
  const who = { loginId: "nojs.operator", password: "Typed-Before-Scripts-42" };
  await page.getByLabel("ログインID").fill(who.loginId);
  await page.getByLabel("パスワード").fill(who.password);
  await expect(page.getByRole("button", { name: "サインイン" })).toBeDisabled();
  await scripts.hydrate("input[name=password]");
  await page.getByRole("button", { name: "サインイン" }).click();
  await expect(page.getByText("ログインID、パスワードまたは認証コードが正しくありません")).toBeVisible();
  expect(page.url()).not.toContain("Typed-Before-Scripts");
  expect(page.url()).not.toContain(who.loginId);
});
