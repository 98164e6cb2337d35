import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";

/** Where attack tests leave the figures the runner prints as SECURITY.md's table. */
export const FIGURES_FILE = path.join(process.cwd(), "test-results", "reports", "attack-figures.jsonl");

/**
 * Records one measured figure of an attack (e.g. "attempts evaluated under a 150-way race: 10").
 * `key` is stable across runs so the table keeps its rows in order; `label` is what a reader sees.
 */
export function recordFigure(key: string, label: string, value: string | number): void {
  mkdirSync(path.dirname(FIGURES_FILE), { recursive: true });
  appendFileSync(FIGURES_FILE, `${JSON.stringify({ key, label, value, db: process.env.DATABASE_URL ? "PostgreSQL" : "PGlite" })}\n`);
}

/** True on real PostgreSQL; attacks that need concurrent connections skip on PGlite. */
export const onPostgres = Boolean(process.env.DATABASE_URL);
export const pgliteSkipReason = "needs real PostgreSQL (set DATABASE_URL): PGlite runs one connection, so it cannot race";
