import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Where Debian's chromium package puts the browser (playwright.config.ts looks there too). */
export const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/** What the machine offers for the browser tests, gathered once so the decision below is pure. */
export interface ChromiumFacts {
  /** CHROMIUM_PATH as set by the user, if any. */
  chromiumPath?: string;
  chromiumPathExists: boolean;
  systemExists: boolean;
  isRoot: boolean;
  aptGet: boolean;
  /** Playwright's own Chromium is already downloaded (it cannot download here: no internet). */
  playwrightChromium: boolean;
}

export type ChromiumPlan =
  | { kind: "use"; path: string }
  | { kind: "install-apt" }
  | { kind: "use-playwright" }
  | { kind: "stop"; message: string };

export const MISSING_CHROMIUM = `Browser tests need Chromium: apt-get install chromium (as root), or set CHROMIUM_PATH to a Chromium binary.`;

/**
 * Decides how the browser tests get a Chromium. An explicit CHROMIUM_PATH wins and is never
 * second-guessed (a wrong one is reported, not silently replaced); then Debian's package, installed
 * with apt the way .ci/run does when we may (root, apt-get present, not tried yet); then
 * Playwright's own browser if already downloaded; else one line saying what to install.
 */
export function planChromium(facts: ChromiumFacts, aptTried = false): ChromiumPlan {
  if (facts.chromiumPath) {
    return facts.chromiumPathExists ? { kind: "use", path: facts.chromiumPath } : { kind: "stop", message: `CHROMIUM_PATH=${facts.chromiumPath} does not exist. ${MISSING_CHROMIUM}` };
  }
  if (facts.systemExists) return { kind: "use", path: SYSTEM_CHROMIUM };
  if (facts.isRoot && facts.aptGet && !aptTried) return { kind: "install-apt" };
  if (facts.playwrightChromium) return { kind: "use-playwright" };
  return { kind: "stop", message: MISSING_CHROMIUM };
}

async function playwrightChromiumPath(): Promise<string | null> {
  try {
    const { chromium } = await import("@playwright/test");
    return chromium.executablePath();
  } catch {
    return null;
  }
}

export async function gatherChromiumFacts(env: NodeJS.ProcessEnv): Promise<ChromiumFacts> {
  const own = await playwrightChromiumPath();
  return {
    chromiumPath: env.CHROMIUM_PATH || undefined,
    chromiumPathExists: Boolean(env.CHROMIUM_PATH && existsSync(env.CHROMIUM_PATH)),
    systemExists: existsSync(SYSTEM_CHROMIUM),
    isRoot: process.getuid?.() === 0,
    aptGet: existsSync("/usr/bin/apt-get"),
    playwrightChromium: Boolean(own && existsSync(own)),
  };
}

/**
 * The environment for Playwright with a usable Chromium (CHROMIUM_PATH set when it is a system
 * binary), or the one line to print when there is none.
 */
export async function chromiumEnv(env: NodeJS.ProcessEnv): Promise<{ ok: true; env: NodeJS.ProcessEnv } | { ok: false; message: string }> {
  let plan = planChromium(await gatherChromiumFacts(env));
  if (plan.kind === "install-apt") {
    console.log("No Chromium: installing Debian's chromium with apt-get…");
    const apt = spawnSync("sh", ["-c", "apt-get update -qq && apt-get install -y -qq chromium >/dev/null"], { stdio: "inherit", env: { ...env, DEBIAN_FRONTEND: "noninteractive" } });
    if (apt.status !== 0) console.log("apt-get could not install chromium.");
    plan = planChromium(await gatherChromiumFacts(env), true);
  }
  if (plan.kind === "stop") return { ok: false, message: plan.message };
  if (plan.kind === "use") return { ok: true, env: { ...env, CHROMIUM_PATH: plan.path } };
  console.log("No system Chromium: using Playwright's own.");
  return { ok: true, env };
}
