import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allActions, allQueries } from "@/lib/actions/registry";
import { auditEventTypes, type AuditEventType } from "@/lib/audit/vocabulary";
import { ja } from "@/lib/i18n/messages/ja";
import { en } from "@/lib/i18n/messages/en";

const registered = Object.entries(auditEventTypes) as [AuditEventType, string][];
const named = (emitter: string) => registered.filter(([, by]) => by === emitter).map(([type]) => type).sort();

/** Every event type lib/auth writes, read from its source: the emitters outside the pipeline. */
function authEmitted(): string[] {
  const dir = path.join(process.cwd(), "lib", "auth");
  const source = readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => readFileSync(path.join(dir, f), "utf8")).join("\n");
  return [...new Set(source.match(/"auth\.[a-z_]+"/g) ?? [])].map((s) => s.slice(1, -1)).sort();
}

describe("audit vocabulary", () => {
  it("has an action entry for every action, and an action for every action entry", () => {
    expect(allActions.map((a) => a.name).sort()).toEqual(named("action"));
  });

  it("has a query entry for every query, and a query for every query entry", () => {
    expect(allQueries.map((q) => q.name).sort()).toEqual(named("query"));
  });

  it("has an auth entry for every event lib/auth writes, and lib/auth writes every auth entry", () => {
    expect(authEmitted()).toEqual(named("auth"));
  });

  it("labels every event type in both catalogues, and labels nothing else", () => {
    const types = registered.map(([type]) => type).sort();
    expect(Object.keys(ja.actions).sort()).toEqual(types);
    expect(Object.keys(en.actions).sort()).toEqual(types);
  });
});
