import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E_SERVER_LOG } from "./env";
import { signIn } from "./helpers";

test("a NUL byte in a name search is a 400 field error, and the server log holds neither the name nor params", async ({ page }) => {
  await signIn(page, "e2e-supervisor-5");
  const response = await page.request.post("/api/customers/search", { data: { kind: "name", query: "山\u0000田" } });
  expect(response.status()).toBe(400);
  const body = (await response.json()) as { status: string; errors: Record<string, string[]> };
  expect(body).toMatchObject({ status: "invalid", errors: { query: ["使用できない文字（制御文字など）が含まれています。"] } });
  // Let the server flush whatever it would print.
  await page.waitForTimeout(300);
  const log = readFileSync(E2E_SERVER_LOG, "utf8");
  expect(log).not.toContain("山");
  expect(log).not.toMatch(/params/);
});
