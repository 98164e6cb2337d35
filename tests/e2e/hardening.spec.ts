import { readFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import { expect, test } from "@playwright/test";
import { E2E_SERVER_LOG } from "./env";
import { account, signIn } from "./helpers";

test("a NUL byte in a name search is a 400 field error, and the server log holds neither the name nor params", async ({ page }) => {
  await signIn(page, account("supervisor"));
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

test("pages carry a nonce-based CSP that their own scripts satisfy, and no HSTS over http", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto("/signin");
  const csp = response?.headers()["content-security-policy"] ?? "";
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("'strict-dynamic'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(response?.headers()["strict-transport-security"]).toBeUndefined();
  // Next put the same nonce on its scripts, and a second load gets a fresh one.
  expect(await page.locator(`script[nonce]`).count()).toBeGreaterThan(0);
  const second = await page.request.get("/signin");
  expect(second.headers()["content-security-policy"]).not.toContain(nonce!);
  // The page works under the policy: the client-side sign-in form signs in.
  await signIn(page, account("supervisor"));
  await page.goto("/customers");
  await expect(page.getByRole("heading", { level: 1, name: "顧客検索" })).toBeVisible();
  expect(violations).toEqual([]);
});

test("a cross-origin server-action POST is refused with 403, not a 500", async ({ playwright }) => {
  const port = process.env.E2E_PORT ?? 3210;
  const client = await playwright.request.newContext({ baseURL: `http://localhost:${port}` });
  const response = await client.post("/customers", {
    headers: { "next-action": "7f0c4b5e9a1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b", origin: "https://evil.example", "content-type": "text/plain;charset=UTF-8" },
    data: "[]",
  });
  expect(response.status()).toBe(403);
  await client.dispose();
});

test("an anonymous /api/health answers readiness only, no internal figures", async ({ playwright }) => {
  const client = await playwright.request.newContext({ baseURL: `http://localhost:${process.env.E2E_PORT ?? 3210}` });
  const response = await client.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ready" });
  await client.dispose();
});

test("in demo mode the portal listens on loopback only: another interface of this machine is refused", async () => {
  const port = Number(process.env.E2E_PORT ?? 3210);
  const outward = Object.values(os.networkInterfaces()).flat().find((i) => i && !i.internal && i.family === "IPv4");
  test.skip(!outward, "this machine has no non-loopback IPv4 address to try");
  const reached = await new Promise<string>((resolve) => {
    const socket = net.connect({ host: outward!.address, port, timeout: 3000 });
    socket.once("connect", () => (socket.destroy(), resolve("connected")));
    socket.once("timeout", () => (socket.destroy(), resolve("timeout")));
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
  });
  expect(reached, `the portal answered on ${outward!.address}:${port}`).not.toBe("connected");
  // …while loopback, where the browser tests talk to it, answers.
  expect((await fetch(`http://127.0.0.1:${port}/api/health`)).ok).toBe(true);
});

test("demo mode says so on every page, Japanese first: sign-in, the desk, a missing page", async ({ page }) => {
  const banner = page.getByRole("complementary", { name: "デモ環境のお知らせ" });
  await page.goto("/signin");
  await expect(banner).toContainText("デモモード");
  await expect(banner).toContainText("架空のデモデータ");
  await signIn(page, account("auditor"));
  await expect(banner).toContainText("デモモード");
  await page.goto("/no-such-page");
  await expect(banner).toContainText("デモモード");
});
