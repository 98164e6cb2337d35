import { describe, expect, it } from "vitest";
import { statusAfterSuspension } from "@/lib/tokens/lifecycle";
import { MAX_ACTIVATION_FAILURES, MAX_OTP_FAILURES } from "@/lib/tokens/policy";

describe("the state a suspended token resumes to", () => {
  const at = new Date("2026-11-22T05:00:00.000Z");
  const waiting = { activatedAt: null, activationPasswordHash: "$argon2id$…", activationFailures: 0, otpFailures: 0 };
  const inUse = { activatedAt: at, activationPasswordHash: null, activationFailures: 0, otpFailures: 0 };

  it("is waiting for set-up when it was never set up and an activation password waits", () => {
    expect(statusAfterSuspension(waiting)).toBe("pending_activation");
    expect(statusAfterSuspension({ ...waiting, activationFailures: MAX_ACTIVATION_FAILURES })).toBe("activation_locked");
  });

  it("is in use otherwise, and a lock from wrong codes is never lifted by suspending and resuming", () => {
    expect(statusAfterSuspension(inUse)).toBe("active");
    expect(statusAfterSuspension({ ...inUse, otpFailures: MAX_OTP_FAILURES - 1 })).toBe("active");
    expect(statusAfterSuspension({ ...inUse, otpFailures: MAX_OTP_FAILURES })).toBe("locked");
    // A record without an activation password and never activated (a legacy import) counts as in use.
    expect(statusAfterSuspension({ ...waiting, activationPasswordHash: null })).toBe("active");
  });
});
