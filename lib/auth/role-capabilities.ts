import type { StaffRole } from "@/db/schema";
import { can, permissions, type Permission } from "./permissions";

/** How the home page groups a role's permissions, in the order it lists them. */
export const capabilityGroups = ["customer", "token", "approval", "email", "notice", "staff", "api_client", "audit", "demo"] as const;
export type CapabilityGroup = (typeof capabilityGroups)[number];

export interface CapabilityList {
  group: CapabilityGroup;
  permissions: Permission[];
}

function groupOf(permission: Permission): CapabilityGroup | null {
  const prefix = permission.slice(0, permission.indexOf("."));
  return (capabilityGroups as readonly string[]).includes(prefix) ? (prefix as CapabilityGroup) : null;
}

/**
 * What a staff role can do, read from the permission matrix, so the description grows and shrinks
 * with it. Opening the home page is everyone's and says nothing; empty groups are left out.
 */
export function roleCapabilities(role: StaffRole): CapabilityList[] {
  return capabilityGroups
    .map((group) => ({ group, permissions: permissions.filter((p) => groupOf(p) === group && can(role, p)) }))
    .filter((list) => list.permissions.length > 0);
}
