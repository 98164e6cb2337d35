import { describe, it, expect } from "vitest";
import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/audit/canonical";
import { GENESIS_HASH, computeHash, hashInput, type HashedFields } from "@/lib/audit/chain";

describe("canonicalJson", () => {
  it("sorts object keys so insertion order does not matter", () => {
    expect(canonicalJson({ b: 1, a: 2, c: 3 })).toBe('{"a":2,"b":1,"c":3}');
    expect(canonicalJson({ c: 3, a: 2, b: 1 })).toBe(canonicalJson({ a: 2, b: 1, c: 3 }));
  });

  it("sorts by code unit, not locale (upper case before lower case)", () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, A: 4 })).toBe('{"A":4,"B":2,"a":3,"b":1}');
  });

  it("emits no whitespace", () => {
    expect(canonicalJson({ a: [1, 2, { b: "x y" }] })).toBe('{"a":[1,2,{"b":"x y"}]}');
  });

  it("sorts keys of nested objects, including objects inside arrays, and keeps array order", () => {
    const one = { z: { y: 1, x: [{ q: 1, p: 2 }, 3, "s"] }, a: null };
    const two = { a: null, z: { x: [{ p: 2, q: 1 }, 3, "s"], y: 1 } };
    expect(canonicalJson(one)).toBe('{"a":null,"z":{"x":[{"p":2,"q":1},3,"s"],"y":1}}');
    expect(canonicalJson(two)).toBe(canonicalJson(one));
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it("writes Dates as ISO-8601 UTC with milliseconds", () => {
    expect(canonicalJson(new Date("2026-11-22T14:05:00+09:00"))).toBe('"2026-11-22T05:05:00.000Z"');
    expect(canonicalJson({ at: new Date(Date.UTC(2026, 10, 22, 5, 5, 0, 7)) })).toBe('{"at":"2026-11-22T05:05:00.007Z"}');
  });

  it("drops undefined properties but keeps null", () => {
    expect(canonicalJson({ a: 1, b: undefined, c: null })).toBe('{"a":1,"c":null}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson(undefined)).toBe("null");
    expect(canonicalJson(null)).toBe("null");
  });

  it("escapes strings and keys like JSON", () => {
    expect(canonicalJson({ 'k"ey': 'va"l\n' })).toBe('{"k\\"ey":"va\\"l\\n"}');
    expect(canonicalJson("山田")).toBe('"山田"');
  });

  it("writes primitives like JSON.stringify", () => {
    expect(canonicalJson(true)).toBe("true");
    expect(canonicalJson(0)).toBe("0");
    expect(canonicalJson(-1.5)).toBe("-1.5");
    expect(canonicalJson(10n)).toBe('"10"');
  });

  it("refuses non-finite numbers", () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow();
  });
});

function baseRow(): HashedFields {
  return {
    seq: 42,
    occurredAt: new Date("2026-11-22T05:05:00.123Z"),
    actorType: "staff",
    actorId: "11111111-1111-4111-8111-111111111111",
    actorRole: "admin",
    action: "staff.disable",
    outcome: "success",
    reason: "退職のため",
    ticket: "INC-0001",
    customerId: null,
    tokenId: null,
    targetStaffId: "22222222-2222-4222-8222-222222222222",
    verificationId: null,
    channel: "web",
    ip: "203.0.113.7",
    userAgent: "Mozilla/5.0",
    requestId: "req-1",
    details: { before: { disabled: false }, after: { disabled: true }, endedSessions: 2 },
    prevHash: "a".repeat(64),
  };
}

describe("GENESIS_HASH", () => {
  it("is 64 zeros", () => {
    expect(GENESIS_HASH).toBe("0".repeat(64));
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });
});

describe("computeHash", () => {
  it("is a lower-case SHA-256 hex digest", () => {
    expect(computeHash(baseRow())).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is sha256(prevHash || canonical_json(row without hash))", () => {
    const row = baseRow();
    const expected = createHash("sha256").update(row.prevHash + canonicalJson(hashInput(row))).digest("hex");
    expect(computeHash(row)).toBe(expected);
  });

  it("is deterministic", () => {
    expect(computeHash(baseRow())).toBe(computeHash(baseRow()));
  });

  it("is stable when the row's keys (and details' keys) come in a different order", () => {
    const row = baseRow();
    const reversed = Object.fromEntries(Object.entries(row).reverse()) as HashedFields;
    reversed.details = { endedSessions: 2, after: { disabled: true }, before: { disabled: false } };
    expect(Object.keys(reversed)[0]).toBe("prevHash");
    expect(computeHash(reversed)).toBe(computeHash(row));
  });

  it("ignores a hash field if one is passed along", () => {
    const row = baseRow();
    const withHash = { ...row, hash: "f".repeat(64) } as HashedFields;
    expect(computeHash(withHash)).toBe(computeHash(row));
  });

  it("treats occurredAt given as a Date or as the same instant in a string alike", () => {
    const row = baseRow();
    const asString = { ...row, occurredAt: "2026-11-22T14:05:00.123+09:00" as unknown as Date };
    expect(computeHash(asString)).toBe(computeHash(row));
  });

  const changes: Array<[string, (r: HashedFields) => void]> = [
    ["seq", (r) => { r.seq = 43; }],
    ["occurredAt (1 ms)", (r) => { r.occurredAt = new Date(r.occurredAt.getTime() + 1); }],
    ["actorType", (r) => { r.actorType = "system"; }],
    ["actorId", (r) => { r.actorId = "33333333-3333-4333-8333-333333333333"; }],
    ["actorId → null", (r) => { r.actorId = null; }],
    ["actorRole", (r) => { r.actorRole = "auditor"; }],
    ["action", (r) => { r.action = "staff.enable"; }],
    ["outcome", (r) => { r.outcome = "denied"; }],
    ["reason", (r) => { r.reason = "退職のため。"; }],
    ["reason → null", (r) => { r.reason = null; }],
    ["ticket", (r) => { r.ticket = "INC-0002"; }],
    ["customerId", (r) => { r.customerId = "44444444-4444-4444-8444-444444444444"; }],
    ["tokenId", (r) => { r.tokenId = "55555555-5555-4555-8555-555555555555"; }],
    ["targetStaffId", (r) => { r.targetStaffId = null; }],
    ["verificationId", (r) => { r.verificationId = "66666666-6666-4666-8666-666666666666"; }],
    ["channel", (r) => { r.channel = "cli"; }],
    ["ip", (r) => { r.ip = "203.0.113.8"; }],
    ["userAgent", (r) => { r.userAgent = "curl/8"; }],
    ["requestId", (r) => { r.requestId = "req-2"; }],
    ["details (top-level value)", (r) => { r.details = { ...r.details, endedSessions: 3 }; }],
    ["details (nested value)", (r) => { r.details = { ...r.details, after: { disabled: false } }; }],
    ["details (added key)", (r) => { r.details = { ...r.details, extra: 1 }; }],
    ["details (emptied)", (r) => { r.details = {}; }],
    ["details (number → string)", (r) => { r.details = { ...r.details, endedSessions: "2" }; }],
    ["prevHash", (r) => { r.prevHash = "b".repeat(64); }],
    ["prevHash → genesis", (r) => { r.prevHash = GENESIS_HASH; }],
  ];

  for (const [field, mutate] of changes) {
    it(`changes when ${field} changes`, () => {
      const row = baseRow();
      const changed = baseRow();
      mutate(changed);
      expect(computeHash(changed)).not.toBe(computeHash(row));
    });
  }

  it("every hashed column is covered (a change to each field listed above is detected)", () => {
    const covered = new Set(changes.map(([f]) => f.split(" ")[0]));
    for (const key of Object.keys(baseRow())) expect(covered.has(key), key).toBe(true);
  });

  it("chains: each event's hash feeds the next event's prevHash", () => {
    const first = { ...baseRow(), seq: 1, prevHash: GENESIS_HASH };
    const h1 = computeHash(first);
    const second = { ...baseRow(), seq: 2, prevHash: h1 };
    const h2 = computeHash(second);
    expect(h2).not.toBe(h1);
    // Tampering with the first event breaks the link the second one recorded.
    const tampered = { ...first, reason: "改ざん" };
    expect(computeHash(tampered)).not.toBe(second.prevHash);
  });
});

describe("computeHash's hand-written canonical JSON", () => {
  it("is canonicalJson(hashInput(row)) byte for byte, including null fields and nested details", () => {
    const row = { ...baseRow(), ip: null, details: { z: [1, { b: 2, a: "x\n\"y" }], a: null, "": "empty key" } };
    const expected = createHash("sha256").update(row.prevHash + canonicalJson(hashInput(row))).digest("hex");
    expect(computeHash(row)).toBe(expected);
  });

  it("lists exactly hashInput's keys (a field added to one must be added to the other)", () => {
    expect(Object.keys(hashInput(baseRow())).sort()).toEqual(
      ["action", "actorId", "actorRole", "actorType", "channel", "customerId", "details", "ip", "occurredAt", "outcome", "prevHash", "reason", "requestId", "seq", "targetStaffId", "ticket", "tokenId", "userAgent", "verificationId"],
    );
  });
});
