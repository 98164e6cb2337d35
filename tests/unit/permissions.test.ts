import { describe, it, expect } from "vitest";
import { can, isPermission, permissionMatrix, permissions, staffRolesWith, type ActorRole, type Permission } from "@/lib/auth/permissions";
import { staffRoles } from "@/db/schema";
import { allActions, allQueries } from "@/lib/actions/registry";

const roles = Object.keys(permissionMatrix) as ActorRole[];
const staffPermissions = permissions.filter((p) => p.startsWith("staff."));

describe("permission matrix", () => {
  it("covers every staff role plus the system actor and API clients, and nothing else", () => {
    expect([...roles].sort()).toEqual([...staffRoles, "system", "api_client"].sort());
  });

  it("gives API clients the token-service operations only, and token-service operations to nobody else", () => {
    expect(permissionMatrix.api_client.every((p) => p.startsWith("token_service."))).toBe(true);
    expect(can("api_client", "token_service.verify")).toBe(true);
    expect(can("api_client", "token.issue")).toBe(false);
    expect(can("api_client", "desk.home")).toBe(false);
    for (const role of roles.filter((r) => r !== "api_client")) {
      expect(permissionMatrix[role].some((p) => p.startsWith("token_service.")), role).toBe(false);
    }
  });

  it("lets tellers and supervisors issue tokens, not operators", () => {
    expect(can("teller", "token.issue")).toBe(true);
    expect(can("supervisor", "token.issue")).toBe(true);
    expect(can("operator", "token.issue")).toBe(false);
  });

  it("lets the desk roles unlock, resync, suspend, resume and cancel tokens, and nobody else", () => {
    for (const permission of ["token.unlock", "token.resync", "token.suspend", "token.resume", "token.cancel"] as const) {
      expect(roles.filter((role) => can(role, permission)), permission).toEqual(["operator", "teller", "supervisor"]);
    }
  });

  it("lets operators, tellers and supervisors reset activation passwords and renew tokens, nobody else", () => {
    for (const permission of ["token.reset_activation", "token.renew"] as const) {
      expect(staffRolesWith(permission), permission).toEqual(["operator", "teller", "supervisor"]);
      expect(can("system", permission) || can("api_client", permission), permission).toBe(false);
    }
  });

  it("lets every desk role start a replacement, an exchange or an emergency code, and only supervisors decide requests", () => {
    for (const permission of ["token.replace", "token.exchange", "token.emergency_code"] as const) {
      expect(staffRolesWith(permission), permission).toEqual(["operator", "teller", "supervisor"]);
    }
    expect(roles.filter((role) => can(role, "approval.decide"))).toEqual(["supervisor"]);
  });

  it("denies by default: a permission missing from a role's list is refused", () => {
    for (const role of roles) {
      for (const permission of permissions) {
        expect(can(role, permission), `${role} × ${permission}`).toBe(permissionMatrix[role].includes(permission));
      }
    }
    expect(can("operator", "staff.create")).toBe(false);
    expect(can("teller", "audit.view")).toBe(false);
    expect(can("supervisor", "staff.reset_mfa")).toBe(false);
  });

  it("denies a permission the portal does not know", () => {
    for (const role of roles) expect(can(role, "staff.delete" as Permission)).toBe(false);
  });

  it("grants the permissions the roles are meant to have", () => {
    expect(can("admin", "staff.create")).toBe(true);
    expect(can("admin", "staff.reset_mfa")).toBe(true);
    expect(can("auditor", "audit.view")).toBe(true);
    expect(can("auditor", "audit.verify")).toBe(true);
    for (const role of staffRoles) expect(can(role, "desk.home"), role).toBe(true);
  });

  it("gives auditors no staff.* permission", () => {
    expect(staffPermissions.length).toBeGreaterThan(0);
    for (const permission of staffPermissions) expect(can("auditor", permission), permission).toBe(false);
  });

  it("lets auditors explore, export and reveal; supervisors only explore (their team); nobody else any of it", () => {
    expect(roles.filter((role) => can(role, "audit.explore")).sort()).toEqual(["auditor", "supervisor"]);
    expect(roles.filter((role) => can(role, "audit.export"))).toEqual(["auditor"]);
    expect(roles.filter((role) => can(role, "audit.reveal"))).toEqual(["auditor"]);
    expect(can("supervisor", "audit.view")).toBe(false);
  });

  it("gives auditors no desk action: only the audit workspace's own (reveal, verification runs, reviews)", () => {
    const auditorActions = allActions.filter((action) => can("auditor", action.permission)).map((action) => action.name);
    expect(auditorActions.sort()).toEqual(["audit.reveal", "audit.review_day", "audit.review_events", "audit.verify_start"]);
  });

  it("gives admins neither audit.view nor demo.import", () => {
    expect(can("admin", "audit.view")).toBe(false);
    expect(can("admin", "demo.import")).toBe(false);
  });

  it("lets auditors alone review events (not supervisors), and only the system record a verification's result", () => {
    expect(roles.filter((role) => can(role, "audit.review"))).toEqual(["auditor"]);
    expect(roles.filter((role) => can(role, "audit.record_verification"))).toEqual(["system"]);
    expect(roles.filter((role) => can(role, "audit.verify"))).toEqual(["auditor", "system"]);
  });

  it("gives demo.import to the system actor only", () => {
    expect(roles.filter((role) => can(role, "demo.import"))).toEqual(["system"]);
  });

  it("grants every listed permission to at least one role", () => {
    for (const permission of permissions) {
      expect(roles.some((role) => can(role, permission)), permission).toBe(true);
    }
  });

  it("grants no unknown permission and no duplicates", () => {
    const known = new Set<string>(permissions);
    for (const role of roles) {
      for (const permission of permissionMatrix[role]) expect(known.has(permission), `${role}: ${permission}`).toBe(true);
      expect(new Set(permissionMatrix[role]).size, role).toBe(permissionMatrix[role].length);
    }
    expect(new Set(permissions).size).toBe(permissions.length);
  });

  it("every action and every query asks for a permission the matrix knows and some role holds", () => {
    const known = new Set<string>(permissions);
    for (const gate of [...allActions, ...allQueries]) {
      expect(known.has(gate.permission), `${gate.name}: ${gate.permission}`).toBe(true);
      expect(roles.some((role) => can(role, gate.permission)), gate.name).toBe(true);
    }
  });

  it("gives each read to the roles whose screens show it", () => {
    const readers = (name: string) => roles.filter((role) => can(role, allQueries.find((q) => q.name === name)!.permission)).sort();
    expect(readers("customer.search")).toEqual(["operator", "supervisor", "teller"]);
    expect(readers("staff.list")).toEqual(["admin"]);
    for (const name of ["audit.integrity", "audit.verification_run", "audit.reviews", "audit.report", "audit.overdue_reviews"]) expect(readers(name), name).toEqual(["auditor"]);
    expect(readers("desk.home")).toEqual([...staffRoles].sort());
    for (const name of ["demo.mailbox", "demo.mailbox_letter"]) expect(readers(name), name).toEqual([...staffRoles].sort());
    expect(readers("notice.stuck")).toEqual(["supervisor"]);
  });

  it("lets only the system actor claim and finish notices and file demo mail", () => {
    for (const permission of ["notice.claim", "notice.mark_sent", "notice.mark_failed", "demo.mailbox_receive"] as const) {
      expect(roles.filter((role) => can(role, permission)), permission).toEqual(["system"]);
    }
  });

  it("shows stuck notices to supervisors only, and the demo mailbox to every staff role", () => {
    expect(roles.filter((role) => can(role, "notice.read_stuck"))).toEqual(["supervisor"]);
    for (const role of staffRoles) expect(can(role, "demo.mailbox_read"), role).toBe(true);
    expect(can("system", "demo.mailbox_read")).toBe(false);
    expect(can("api_client", "demo.mailbox_read")).toBe(false);
  });
});

describe("who may do what, for the forbidden page", () => {
  it("names the staff roles holding a permission, never the CLI or API clients", () => {
    expect(staffRolesWith("audit.view")).toEqual(["auditor"]);
    expect(staffRolesWith("token.issue")).toEqual(["teller", "supervisor"]);
    expect(staffRolesWith("customer.search")).toEqual(["operator", "teller", "supervisor"]);
    expect(staffRolesWith("token_service.verify")).toEqual([]);
    expect(staffRolesWith("email.add")).toEqual(["operator", "teller", "supervisor"]);
    expect(staffRolesWith("email.delete")).toEqual(["operator", "teller", "supervisor"]);
    expect(staffRolesWith("token_service.confirm_email")).toEqual([]);
    expect(can("api_client", "token_service.confirm_email")).toBe(true);
  });
  it("accepts only known permission names from the address", () => {
    expect(isPermission("staff.view")).toBe(true);
    for (const junk of ["<b>x</b>", "", "staff", "constructor", undefined, ["staff.view"]]) expect(isPermission(junk)).toBe(false);
  });
});
