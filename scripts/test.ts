import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ensureBuild } from "./build";
import { chromiumEnv } from "./chromium";

/**
 * npm test — every test once: unit, integration, the model-based sequences and the attack suite
 * (Vitest; real database: PGlite, or PostgreSQL when DATABASE_URL is set), then one production
 * build and the browser tests (Playwright in Chromium). Ends with the attack figures and the line
 * "N passed, N failed". `npm test -- unit|integration|model|attack|e2e` runs one layer.
 * Chromium: see ./chromium.ts.
 */
const root = process.cwd();
const reports = path.join(root, "test-results", "reports");
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const only = process.argv[2];
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const failedLayers: string[] = [];

function add(layer: string, tally: Tally | null, status: number | null): void {
  if (!tally) {
    // No report means the runner itself broke: count it as a failure, never as a pass.
    total.failed += 1;
    failedLayers.push(`${layer} (no report, exit ${status})`);
    return;
  }
  total.passed += tally.passed;
  total.failed += tally.failed;
  total.skipped += tally.skipped;
  if (tally.failed > 0 || status !== 0) failedLayers.push(layer);
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

function vitest(project: "unit" | "integration" | "model" | "attack"): void {
  const file = path.join(reports, `${project}.json`);
  const run = spawnSync(bin("vitest"), ["run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${file}`], { stdio: "inherit", env });
  const report = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; numTotalTests: number }>(file);
  add(project, report && { passed: report.numPassedTests, failed: report.numFailedTests + (report.numTotalTests === 0 ? 1 : 0), skipped: report.numPendingTests + report.numTodoTests }, run.status);
}

async function playwright(): Promise<void> {
  // Chromium first: without one, say what to install in one line and count one failure.
  const browser = await chromiumEnv(env);
  if (!browser.ok) {
    console.log(browser.message);
    add("e2e", { passed: 0, failed: 1, skipped: 0 }, 1);
    return;
  }
  if (!ensureBuild(env)) {
    add("e2e", null, 1);
    return;
  }
  const file = path.join(reports, "e2e.json");
  const run = spawnSync(bin("playwright"), ["test"], { stdio: "inherit", env: { ...browser.env, PLAYWRIGHT_JSON_OUTPUT_NAME: file } });
  const report = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(file);
  add("e2e", report && { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected + (run.status !== 0 && report.stats.unexpected === 0 ? 1 : 0), skipped: report.stats.skipped }, run.status);
}

/** The figures the attack suite measured (SECURITY.md keeps the table of the last run). */
function printAttackFigures(): void {
  const file = path.join(reports, "attack-figures.jsonl");
  if (!existsSync(file)) return;
  const rows = readFileSync(file, "utf8").trim().split("\n").map((line) => JSON.parse(line) as { key: string; label: string; value: string | number; db: string });
  rows.sort((a, b) => a.key.localeCompare(b.key));
  console.log("\nAttack suite figures:\n\n| attack | figure | database |\n|---|---|---|");
  for (const row of rows) console.log(`| ${row.label} | ${row.value} | ${row.db} |`);
  console.log("");
}

const layers: Record<string, () => void | Promise<void>> = { unit: () => vitest("unit"), integration: () => vitest("integration"), model: () => vitest("model"), attack: () => vitest("attack"), e2e: playwright };
if (only && !(only in layers)) {
  console.error(`Unknown test layer "${only}". Use one of: ${Object.keys(layers).join(", ")}`);
  process.exit(2);
}
async function main(): Promise<void> {
  console.log(`Database for integration and browser tests: ${process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : "embedded PGlite"}`);
  for (const [name, run] of Object.entries(layers)) if (!only || only === name) await run();

  printAttackFigures();
  if (failedLayers.length > 0) console.log(`Failed: ${failedLayers.join(", ")}`);
  console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
  process.exit(total.failed > 0 ? 1 : 0);
}

void main();
