import { describe, expect, it } from "vitest";
import { MISSING_CHROMIUM, planChromium, SYSTEM_CHROMIUM, type ChromiumFacts } from "@/scripts/chromium";

const bare: ChromiumFacts = { chromiumPathExists: false, systemExists: false, isRoot: false, aptGet: false, playwrightChromium: false };

describe("how npm test finds a Chromium for the browser tests", () => {
  it("uses CHROMIUM_PATH when it exists, before anything else", () => {
    expect(planChromium({ ...bare, chromiumPath: "/opt/chrome", chromiumPathExists: true, systemExists: true })).toEqual({ kind: "use", path: "/opt/chrome" });
  });

  it("reports a CHROMIUM_PATH that does not exist instead of silently using another browser", () => {
    const plan = planChromium({ ...bare, chromiumPath: "/nonexistent", systemExists: true, isRoot: true, aptGet: true });
    expect(plan).toEqual({ kind: "stop", message: expect.stringContaining("CHROMIUM_PATH=/nonexistent does not exist") });
  });

  it("uses Debian's /usr/bin/chromium when present", () => {
    expect(planChromium({ ...bare, systemExists: true, isRoot: true, aptGet: true, playwrightChromium: true })).toEqual({ kind: "use", path: SYSTEM_CHROMIUM });
  });

  it("installs Debian's chromium with apt as root, once", () => {
    const facts = { ...bare, isRoot: true, aptGet: true };
    expect(planChromium(facts)).toEqual({ kind: "install-apt" });
    // apt failed (no mirror): the second look does not try again.
    expect(planChromium(facts, true)).toEqual({ kind: "stop", message: MISSING_CHROMIUM });
  });

  it("never runs apt without root or without apt-get", () => {
    expect(planChromium({ ...bare, isRoot: false, aptGet: true })).toEqual({ kind: "stop", message: MISSING_CHROMIUM });
    expect(planChromium({ ...bare, isRoot: true, aptGet: false })).toEqual({ kind: "stop", message: MISSING_CHROMIUM });
  });

  it("falls back to Playwright's own Chromium only when it is already downloaded", () => {
    expect(planChromium({ ...bare, playwrightChromium: true })).toEqual({ kind: "use-playwright" });
    expect(planChromium({ ...bare, isRoot: true, aptGet: true, playwrightChromium: true }, true)).toEqual({ kind: "use-playwright" });
  });

  it("tells what to install in one line", () => {
    expect(MISSING_CHROMIUM).toMatch(/^Browser tests need Chromium: apt-get install chromium.*CHROMIUM_PATH/);
    expect(MISSING_CHROMIUM).not.toContain("\n");
  });
});
