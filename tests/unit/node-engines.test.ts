import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

/**
 * `npm install` warns (EBADENGINE) for every installed package whose `engines.node` refuses the
 * running Node. The README names the oldest Node the portal supports (package.json `engines`): every
 * package in the lockfile must accept that version, or a newcomer on it sees warnings on install.
 */
const semver = createRequire(import.meta.url)("semver") as { minVersion(range: string): { version: string } | null; satisfies(version: string, range: string): boolean };

type Lock = { packages: Record<string, { engines?: { node?: string } | string[] }> };

const root = process.cwd();
const own = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8")) as Lock;
const oldest = semver.minVersion(own.engines.node)!.version;

it("every locked package accepts the oldest Node that package.json and the README name", () => {
  const refusing = Object.entries(lock.packages).flatMap(([name, pkg]) => {
    const range = !pkg.engines || Array.isArray(pkg.engines) ? undefined : pkg.engines.node;
    return range && !semver.satisfies(oldest, range) ? [`${name.replace(/^node_modules\//, "")} needs node ${range}`] : [];
  });
  expect(refusing, `Node ${oldest}`).toEqual([]);
});

it("the README names the same oldest Node as package.json", () => {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  expect(readme).toContain(`Node.js ${oldest.replace(/\.0$/, "")} or later`);
});
