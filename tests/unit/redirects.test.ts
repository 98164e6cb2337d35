import { describe, expect, it } from "vitest";
import { portalTarget, redirectRefusedLine } from "@/lib/auth/redirects";

const portal = "http://localhost:3000";

describe("where sign-in may send the browser", () => {
  it.each([
    ["/customers?page=2#top", "http://localhost:3000/customers?page=2#top"],
    ["http://localhost:3000/audit", "http://localhost:3000/audit"],
    ["http://user:pw@localhost:3000/audit", "http://localhost:3000/audit"],
    ["/", "http://localhost:3000/"],
  ])("keeps %s on the portal as %s", (value, url) => {
    expect(portalTarget(value, portal)).toEqual({ ok: true, url });
  });

  it.each([
    ["https://evil.example/x", "other_origin"],
    ["//evil.example/x", "other_origin"],
    ["/\\evil.example/x", "other_origin"],
    ["/\\/evil.example", "other_origin"],
    ["javascript:alert(1)", "other_origin"],
    ["https://localhost:3000/", "other_origin"],
    ["evil.example/x", "malformed"],
    ["https://evil.example:99999/", "malformed"],
    ["http://[::1", "malformed"],
    ["", "malformed"],
  ])("refuses %s (%s)", (value, reason) => {
    expect(portalTarget(value, portal)).toMatchObject({ ok: false, reason });
  });

  it("logs a refusal as one line with the scheme and host only, never the caller's path or query", () => {
    const refusal = portalTarget("https://evil.example/steal?token=secret-path\nforged line", portal);
    if (refusal.ok) throw new Error("accepted");
    const line = redirectRefusedLine("redirect", refusal);
    expect(line.split("\n")).toHaveLength(1);
    expect(JSON.parse(line)).toEqual({ level: "warn", event: "redirect_refused", source: "redirect", reason: "other_origin", scheme: "https:", host: "evil.example" });
    expect(line).not.toContain("secret-path");
  });
});
