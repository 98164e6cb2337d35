import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// Same order as scripts/chromium.ts (npm test sets CHROMIUM_PATH when it found or installed one).
const systemChromium = process.env.CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const port = Number(process.env.E2E_PORT ?? 3210);

/**
 * What a user sees does not depend on the database: the whole browser suite runs on the embedded
 * database that `npm test` uses by default. On PostgreSQL it runs the specs whose answers go
 * through what only PostgreSQL has — the runtime role's grants (every action and route by every
 * role, the token API), the secret canaries in the server's output, notice delivery — while the
 * integration, model and attack layers cover the rest there. It keeps the two-database CI run
 * under 30 minutes.
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
const postgresSpecs = ["attack-authorization", "attack-canaries", "notices", "tokens"].map((name) => `**/${name}.spec.ts`);

export default defineConfig({
  testDir: "tests/e2e",
  ...(onPostgres ? { testMatch: postgresSpecs } : {}),
  // The global setup prepares an isolated database, then builds nothing: `npm test` builds once.
  globalSetup: "./tests/e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: "test-results/e2e",
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    viewport: { width: 1366, height: 768 },
    locale: "ja-JP",
    timezoneId: "Asia/Tokyo",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: systemChromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
});
