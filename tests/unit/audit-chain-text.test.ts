import { describe, it, expect } from "vitest";
import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/audit/canonical";
import { Col, computeHash, computeHashOfText, hashInput, type HashedFields } from "@/lib/audit/chain";

/** Deterministic so a failure names a reproducible event. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const PIECES = ["a", "Z", "山田", "太郎", "😀", "é", "\u0301", '"', "\\", "\n", "\t", "\u0000", "\u001f", "\u007f", "\u2028", " ", "{", "}", ",", ":", "null", "0"];

function randomEvent(rand: () => number, seq: number): HashedFields {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const text = (max = 8) => Array.from({ length: Math.floor(rand() * max) }, () => pick(PIECES)).join("");
  const maybe = (max?: number) => (rand() < 0.3 ? null : text(max));
  const value = (depth: number): unknown => {
    const r = rand();
    if (r < 0.15) return null;
    if (r < 0.3) return rand() < 0.5;
    if (r < 0.45) return pick([0, -1, 7, 2 ** 53 - 1, -0.5, 1e21, 1.25e-7, 123.456]);
    if (r < 0.7 || depth > 2) return text();
    if (r < 0.85) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(rand() * 5) }, () => [text(3), value(depth + 1)]));
  };
  const details = Object.fromEntries(Array.from({ length: Math.floor(rand() * 6) }, () => [text(4), value(0)]));
  return {
    seq,
    occurredAt: new Date(Math.floor(rand() * 4102444800000)),
    actorType: pick(["staff", "api_client", "system"] as const),
    actorId: maybe(),
    actorRole: maybe(),
    action: text(6) || "x",
    outcome: pick(["success", "failure", "denied"] as const),
    reason: maybe(40),
    ticket: maybe(),
    customerId: rand() < 0.5 ? null : "11111111-1111-4111-8111-111111111111",
    tokenId: rand() < 0.5 ? null : "22222222-2222-4222-8222-222222222222",
    targetStaffId: rand() < 0.5 ? null : "33333333-3333-4333-8333-333333333333",
    verificationId: rand() < 0.5 ? null : "44444444-4444-4444-8444-444444444444",
    channel: pick(["web", "api", "system"] as const),
    ip: maybe(),
    userAgent: maybe(30),
    requestId: maybe(),
    details,
    prevHash: createHash("sha256").update(String(seq)).digest("hex"),
  } as HashedFields;
}

/** The row as the database gives it: text columns, details as jsonb text (keys reordered, spaced). */
function asText(e: HashedFields): Array<string | null> {
  const row: Array<string | null> = new Array(22).fill(null);
  const reorder = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(reorder) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reorder(x)])) : v;
  row[Col.Seq] = String(e.seq);
  row[Col.PrevHash] = e.prevHash;
  row[Col.Hash] = "f".repeat(64);
  row[Col.EventId] = "1";
  row[Col.Xid] = "1000";
  row[Col.OccurredAtMs] = String(new Date(e.occurredAt).getTime());
  row[Col.Action] = e.action;
  row[Col.ActorId] = e.actorId;
  row[Col.ActorRole] = e.actorRole;
  row[Col.ActorType] = e.actorType;
  row[Col.Channel] = e.channel;
  row[Col.CustomerId] = e.customerId;
  row[Col.Details] = JSON.stringify(reorder(e.details), null, 1);
  row[Col.Ip] = e.ip;
  row[Col.Outcome] = e.outcome;
  row[Col.Reason] = e.reason;
  row[Col.RequestId] = e.requestId;
  row[Col.TargetStaffId] = e.targetStaffId;
  row[Col.Ticket] = e.ticket;
  row[Col.TokenId] = e.tokenId;
  row[Col.UserAgent] = e.userAgent;
  row[Col.VerificationId] = e.verificationId;
  return row;
}

describe("computeHashOfText (verification's serializer)", () => {
  it("gives the reference hash, sha256(prevHash + canonicalJson(hashInput(row))), on 5,000 random events", () => {
    const rand = prng(20261123);
    for (let seq = 1; seq <= 5000; seq++) {
      const event = randomEvent(rand, seq);
      const reference = createHash("sha256").update(event.prevHash + canonicalJson(hashInput(event))).digest("hex");
      expect(computeHashOfText(asText(event)), `event ${seq}: ${JSON.stringify(event)}`).toBe(reference);
      expect(computeHash(event)).toBe(reference);
    }
  });

  it("changes when any hashed column changes, and ignores id, xid and the stored hash", () => {
    const row = asText(randomEvent(prng(7), 99));
    const base = computeHashOfText(row);
    for (let col = 0; col < row.length; col++) {
      const changed = [...row];
      changed[col] = col === Col.Details ? '{"x":1}' : col === Col.Seq || col === Col.OccurredAtMs ? String(Number(row[col]) + 1) : `${row[col] ?? ""}!`;
      const unhashed = col === Col.EventId || col === Col.Xid || col === Col.Hash;
      if (unhashed) expect(computeHashOfText(changed), `column ${col}`).toBe(base);
      else expect(computeHashOfText(changed), `column ${col}`).not.toBe(base);
    }
  });

  it("tells a NULL column from the text 'null'", () => {
    const row = asText(randomEvent(prng(8), 5));
    row[Col.Ip] = null;
    const withNull = computeHashOfText(row);
    row[Col.Ip] = "null";
    expect(computeHashOfText(row)).not.toBe(withNull);
  });
});
