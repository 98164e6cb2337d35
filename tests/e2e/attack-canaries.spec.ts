import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { base32Decode } from "@/lib/otp/base32";
import { totpAt } from "@/lib/otp/totp";
import { TOKEN_TOTP } from "@/lib/tokens/policy";
import { recordFigure } from "@/tests/attack/figures";
import { E2E_SERVER_FILE, type E2eServer } from "./env";
import { account, fillSignIn, signIn } from "./helpers";

/**
 * Canaries: unique secrets planted in this run — a staff member's initial password, a staff
 * authenticator seed, an API key, a token's activation password and TOTP seed — are used the way
 * the portal is used (forms, sign-in, the token-service API, the desk and audit pages), then
 * hunted for in the server's captured output, every audit row (PostgreSQL) and the HTML of every
 * page visited. The portal has no export feature; the audit page is what an auditor takes away.
 */

const html: string[] = [];
async function visit(page: Page, url?: string): Promise<void> {
  if (url) await page.goto(url);
  html.push(await page.content());
}

/** A secret as a whole word: short digit strings must not match inside ids or timestamps. */
function occurrences(haystack: string, secret: string): number {
  return haystack.match(new RegExp(`(?<![0-9A-Za-z])${secret.replace(/[^A-Za-z0-9]/g, "\\$&")}(?![0-9A-Za-z])`, "g"))?.length ?? 0;
}

test("secrets planted in a run never reach the server's output, the audit rows or any page", async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  const server = JSON.parse(readFileSync(E2E_SERVER_FILE, "utf8")) as E2eServer;
  const token = server.canaryToken;
  const staffPassword = `Canary-${randomBytes(9).toString("hex")}`;
  const admin = account("admin", "x");
  const canaries: Record<string, string> = {
    "staff initial password": staffPassword,
    "staff authenticator seed": admin.secret,
    "API key": token.apiKey,
    "activation password": token.activationPassword,
  };

  // An admin creates a staff account with the canary password; someone then tries it at sign-in.
  await signIn(page, admin);
  await visit(page, "/admin/staff");
  const form = page.locator("form", { has: page.getByLabel("初期パスワード") });
  await form.getByLabel("ログインID").fill("e2e-canary-staff");
  await form.getByLabel("氏名").fill("カナリア 確認");
  await form.getByLabel("初期パスワード").fill(staffPassword);
  await form.getByRole("button", { name: "追加する" }).click();
  await expect(page.getByRole("status")).toContainText("e2e-canary-staff");
  await visit(page);
  const stranger = await browser.newPage();
  await fillSignIn(stranger, "e2e-canary-staff", staffPassword, "000000");
  await expect(stranger.getByRole("alert")).toBeVisible();
  await visit(stranger);
  await fillSignIn(stranger, "e2e-canary-nobody", staffPassword, "000000");
  await expect(stranger.getByRole("alert")).toBeVisible();
  await visit(stranger);
  await stranger.close();

  // The app activates the token with the canary key and password, gets its seed, verifies codes.
  const api = (op: string, body: unknown) => request.post(`/api/token-service/v1/${op}`, { headers: { authorization: `Bearer ${token.apiKey}` }, data: body });
  const ids = { serviceId: token.serviceId, userId: token.userId };
  expect((await api("activate", { ...ids, activationPassword: "0000" })).status()).toBe(401);
  const activated = await api("activate", { ...ids, activationPassword: token.activationPassword });
  expect(activated.status()).toBe(200);
  const seed = ((await activated.json()) as { secret: string }).secret;
  canaries["token TOTP seed"] = seed;
  const code = totpAt(base32Decode(seed), new Date(), TOKEN_TOTP);
  expect(await (await api("verify", { ...ids, otp: code })).json()).toEqual({ ok: true, result: "accepted" });
  expect(await (await api("verify", { ...ids, otp: code })).json()).toMatchObject({ result: "rejected", reason: "replay" });
  expect((await request.post("/api/token-service/v1/verify", { headers: { authorization: `Bearer ${token.apiKey}x` }, data: { ...ids, otp: code } })).status()).toBe(401);

  // Operator opens the customer (token row, history); auditor reads the audit log.
  const operator = await browser.newPage();
  await signIn(operator, account("operator", "x"));
  await operator.goto("/customers");
  await operator.getByLabel("検索項目").selectOption({ label: "契約者ID" });
  await operator.getByLabel("検索語").fill(token.contractId);
  await operator.getByRole("button", { name: "検索", exact: true }).click();
  await operator.getByRole("link", { name: `開く: ${token.nameKanji}` }).click();
  await expect(operator.getByTestId("customer-tokens")).toContainText(token.serial);
  await visit(operator);
  await operator.close();
  const auditor = await browser.newPage();
  await signIn(auditor, account("auditor", "x"));
  await visit(auditor, "/audit");
  await expect(auditor.getByTestId("audit-table")).toContainText("e2e-canary-staff");
  await auditor.close();

  // Give the piped server output a moment to reach the log file.
  await new Promise((r) => setTimeout(r, 500));
  const log = readFileSync(server.logFile, "utf8");
  let auditRows = "";
  if (server.databaseUrl) {
    const sql = postgres(server.databaseUrl, { max: 1, onnotice: () => {} });
    auditRows = (await sql`select coalesce(string_agg(a::text, E'\n'), '') as rows from audit_events a`)[0]!.rows as string;
    await sql.end();
    expect(auditRows).toContain("e2e-canary-staff");
  } else {
    console.log("attack-canaries: audit rows checked through the audit page only on PGlite (the server process owns the directory)");
  }
  const places = { "server output": log, "audit rows": auditRows, "page HTML": html.join("\n") };
  const found: string[] = [];
  for (const [name, secret] of Object.entries(canaries)) {
    for (const [where, text] of Object.entries(places)) {
      const n = occurrences(text, secret);
      if (n > 0) found.push(`${name} in ${where} (${n}×)`);
    }
  }
  recordFigure("canaries", "Canary secrets planted / found in logs, audit rows, HTML", `${Object.keys(canaries).length} / ${found.length}`);
  expect(html.length).toBeGreaterThanOrEqual(5);
  // The hunt itself works: a value that is meant to be on the desk page is found the same way.
  expect(occurrences(places["page HTML"], token.serial)).toBeGreaterThan(0);
  expect(log.length).toBeGreaterThan(0);
  expect(found).toEqual([]);
});
