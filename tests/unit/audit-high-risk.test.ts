import { describe, expect, it } from "vitest";
import { auditOutcomes } from "@/db/schema/audit";
import { isHighRisk, riskClasses } from "@/lib/audit/high-risk";
import { auditEventTypes, type AuditEventType } from "@/lib/audit/vocabulary";

const names = Object.keys(auditEventTypes) as AuditEventType[];
const highRiskOnSuccess = (name: string) => isHighRisk(name, "success", { replacedTokenId: "x" });

describe("the high-risk list", () => {
  it("classifies every event type of the vocabulary, each with why, and nothing else", () => {
    expect(Object.keys(riskClasses).sort()).toEqual([...names].sort());
    for (const name of names) expect(riskClasses[name].why.length, name).toBeGreaterThan(5);
  });

  it("holds every change to a token's usability, a customer's contact channel or a staff member's access", () => {
    const changes = [
      // The token's usability, and the second person's decisions that let a change run.
      "token.resume", "token.cancel", "token.unlock", "token.suspend", "token.replace", "token.exchange",
      "token.emergency_code", "token_service.verify_emergency", "approval.approve", "approval.reject", "token.reset_activation",
      // How the customer is reached.
      "email.add", "email.delete",
      // Who may act at the desk.
      "staff.create", "staff.change_role", "staff.disable", "staff.enable", "staff.unlock", "staff.reset_mfa",
    ];
    for (const name of changes) {
      for (const outcome of auditOutcomes) expect(isHighRisk(name, outcome), `${name} ${outcome}`).toBe(true);
    }
  });

  it("is exactly these types: the changes above, and what discloses data or signals an attack", () => {
    expect(names.filter(highRiskOnSuccess).sort()).toEqual(
      [
        "api_client.create", "api_client.revoke", "approval.approve", "approval.reject", "audit.export", "audit.reveal", "auth.locked",
        "email.add", "email.delete", "staff.change_role", "staff.create", "staff.disable", "staff.enable", "staff.reset_mfa", "staff.unlock",
        "token.cancel", "token.emergency_code", "token.exchange", "token.issue", "token.replace", "token.reset_activation", "token.resume",
        "token.suspend", "token.unlock", "token_service.verify_emergency", "verification.clear_block",
      ].sort(),
    );
  });

  it("leaves out page views and searches, whatever their outcome", () => {
    const reads = names.filter((n) => auditEventTypes[n] === "query" && n !== "audit.export");
    expect(reads).toEqual(expect.arrayContaining(["customer.search", "audit.explore", "audit.event", "audit.reviews", "desk.home"]));
    for (const name of [...reads, "customer.view"]) {
      for (const outcome of auditOutcomes) expect(isHighRisk(name, outcome), `${name} ${outcome}`).toBe(false);
    }
  });

  it("marks a routine type only when it does the risky thing", () => {
    expect(isHighRisk("verification.phone", "failed")).toBe(true);
    expect(isHighRisk("verification.phone", "success")).toBe(false);
    expect(isHighRisk("audit.verify_finish", "failed")).toBe(true);
    expect(isHighRisk("audit.verify_finish", "success")).toBe(false);
    // The back office's replacement revokes the live token in the same event; a first issue does not.
    expect(isHighRisk("token.issue", "success", { serial: "A1", replacedTokenId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a" })).toBe(true);
    expect(isHighRisk("token.issue", "success", { serial: "A1" })).toBe(false);
    expect(isHighRisk("token.issue", "denied")).toBe(false);
  });

  it("knows nothing of names outside the vocabulary (test actions, typos)", () => {
    expect(isHighRisk("test.anything", "success")).toBe(false);
    expect(isHighRisk("token.resetXactivation", "success")).toBe(false);
    expect(isHighRisk("constructor", "success")).toBe(false);
  });
});
