import { describe, expect, it } from "vitest";
import { availability, availableActions, newTokenFrom, nextJstDay } from "@/lib/tokens/desk-rules";
import { DAY } from "@/lib/time/clock";

const now = new Date("2026-11-22T05:00:00.000Z");
const far = new Date(now.getTime() + 1000 * DAY);
const soon = new Date(now.getTime() + 100 * DAY);

describe("what the desk may do to a token", () => {
  it("offers the activation password reset only before the token is bound to a phone", () => {
    expect(availability({ status: "activation_locked", expiresAt: far }, "reset_activation", now)).toEqual({ allowed: true });
    expect(availability({ status: "pending_activation", expiresAt: far }, "reset_activation", now)).toEqual({ allowed: true });
    expect(availability({ status: "active", expiresAt: far }, "reset_activation", now)).toEqual({ allowed: false, why: "alreadyActive" });
  });

  it("unlocks only a locked token, and corrects the clock of an active or locked one", () => {
    expect(availability({ status: "locked", expiresAt: far }, "unlock", now).allowed).toBe(true);
    expect(availability({ status: "active", expiresAt: far }, "unlock", now)).toEqual({ allowed: false, why: "notLocked" });
    expect(availability({ status: "locked", expiresAt: far }, "resync", now).allowed).toBe(true);
    expect(availability({ status: "pending_activation", expiresAt: far }, "resync", now)).toEqual({ allowed: false, why: "notActivated" });
  });

  it("suspends and resumes in turn, and cancels anything not yet cancelled", () => {
    const suspended = availableActions({ status: "suspended", expiresAt: far }, now);
    expect(suspended.resume.allowed).toBe(true);
    expect(suspended.suspend).toEqual({ allowed: false, why: "suspended" });
    expect(suspended.cancel.allowed).toBe(true);
    const revoked = availableActions({ status: "revoked", expiresAt: far }, now);
    expect(Object.values(revoked).every((a) => !a.allowed && a.why === "revoked")).toBe(true);
  });

  it("renews from 180 days before expiry, and treats a token past its date as expired", () => {
    expect(availability({ status: "active", expiresAt: far }, "renew", now)).toEqual({ allowed: false, why: "renewalNotYet" });
    expect(availability({ status: "active", expiresAt: soon }, "renew", now).allowed).toBe(true);
    const past = new Date(now.getTime() - 1000);
    expect(availability({ status: "active", expiresAt: past }, "renew", now)).toEqual({ allowed: false, why: "expired" });
    expect(availability({ status: "active", expiresAt: past }, "cancel", now).allowed).toBe(true);
  });
});

describe("replacement and exchange", () => {
  it("replaces a token in any live state, never a cancelled or expired one", () => {
    for (const status of ["pending_activation", "activation_locked", "active", "locked", "suspended"] as const) {
      expect(availability({ status, expiresAt: far }, "replace", now), status).toEqual({ allowed: true });
    }
    expect(availability({ status: "revoked", expiresAt: far }, "replace", now)).toEqual({ allowed: false, why: "revoked" });
    expect(availability({ status: "active", expiresAt: new Date(now.getTime() - 1000) }, "replace", now)).toEqual({ allowed: false, why: "expired" });
  });

  it("exchanges only a token in use (its code is the proof), and once at a time", () => {
    expect(availability({ status: "active", expiresAt: far }, "exchange", now)).toEqual({ allowed: true });
    expect(availability({ status: "locked", expiresAt: far }, "exchange", now)).toEqual({ allowed: false, why: "locked" });
    expect(availability({ status: "suspended", expiresAt: far }, "exchange", now)).toEqual({ allowed: false, why: "suspended" });
    expect(availability({ status: "pending_activation", expiresAt: far }, "exchange", now)).toEqual({ allowed: false, why: "notActivated" });
    expect(availability({ status: "active", expiresAt: far, replacedByTokenId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a" }, "exchange", now)).toEqual({ allowed: false, why: "exchangePending" });
  });
});

describe("a token awaiting a supervisor's decision", () => {
  it("allows no desk action but cancellation while it waits, and every usual one once it no longer does", () => {
    const { cancel, ...others } = availableActions({ status: "suspended", expiresAt: far, awaitingApproval: true }, now);
    expect(Object.values(others).every((a) => !a.allowed && a.why === "awaitingApproval")).toBe(true);
    expect(cancel).toEqual({ allowed: true });
    expect(availableActions({ status: "suspended", expiresAt: far, awaitingApproval: false }, now)).toEqual(availableActions({ status: "suspended", expiresAt: far }, now));
    // A token already gone says so first.
    expect(availability({ status: "revoked", expiresAt: far, awaitingApproval: true }, "resume", now)).toEqual({ allowed: false, why: "revoked" });
  });
});

describe("the next-day rule after a cancellation", () => {
  it("opens at 00:00 JST of the next calendar day in Japan", () => {
    // 2026/11/22 23:59 JST → 2026/11/23 00:00 JST; 2026/11/23 00:00 JST → 2026/11/24 00:00 JST.
    expect(nextJstDay(new Date("2026-11-22T14:59:00.000Z")).toISOString()).toBe("2026-11-22T15:00:00.000Z");
    expect(nextJstDay(new Date("2026-11-22T15:00:00.000Z")).toISOString()).toBe("2026-11-23T15:00:00.000Z");
  });

  it("says from when while the day has not come, and nothing afterwards", () => {
    const cancelled = new Date("2026-11-22T05:00:00.000Z");
    expect(newTokenFrom([cancelled], new Date("2026-11-22T14:00:00.000Z"))?.toISOString()).toBe("2026-11-22T15:00:00.000Z");
    expect(newTokenFrom([cancelled], new Date("2026-11-22T15:00:00.000Z"))).toBeNull();
    expect(newTokenFrom([], now)).toBeNull();
  });
});
