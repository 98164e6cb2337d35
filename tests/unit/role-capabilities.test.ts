import { describe, expect, it } from "vitest";
import { staffRoles } from "@/lib/staff/roles";
import { can, permissions } from "@/lib/auth/permissions";
import { capabilityGroups, roleCapabilities } from "@/lib/auth/role-capabilities";
import { catalogues, lookup } from "@/lib/i18n/translate";

const listed = (role: (typeof staffRoles)[number]) => roleCapabilities(role).flatMap((g) => g.permissions);

describe("what the home page says a role can do", () => {
  it("is exactly the role's row of the permission matrix, except opening the home page", () => {
    for (const role of staffRoles) {
      const granted = permissions.filter((p) => can(role, p) && p !== "desk.home");
      expect(listed(role).sort(), role).toEqual(granted.sort());
    }
  });

  it("promises no customer change to auditors and admins, and issuing tokens only at the counter and to supervisors", () => {
    for (const role of ["auditor", "admin"] as const) {
      expect(listed(role).filter((p) => p.startsWith("customer.") || p.startsWith("token.") || p.startsWith("email."))).toEqual([]);
    }
    expect(listed("operator")).not.toContain("token.issue");
    expect(listed("teller")).toContain("token.issue");
    expect(listed("supervisor")).toContain("customer.clear_verification_block");
    expect(listed("operator")).not.toContain("customer.clear_verification_block");
    expect(roleCapabilities("admin").map((g) => g.group)).toEqual(["staff", "api_client", "demo"]);
  });

  it("has a label for every group and every permission it lists, in both languages", () => {
    for (const locale of ["ja", "en"] as const) {
      for (const group of capabilityGroups) expect(lookup(catalogues[locale], `roleCapabilities.groups.${group}`), `${locale} ${group}`).toBeTruthy();
      for (const role of staffRoles) for (const p of listed(role)) expect(lookup(catalogues[locale], `permissions.${p}`), `${locale} ${p}`).toBeTruthy();
    }
  });
});
