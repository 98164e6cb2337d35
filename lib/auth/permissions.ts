import type { StaffRole } from "@/db/schema";

/**
 * Every permission the portal knows. Later capabilities add theirs here and to the matrix below;
 * anything not granted is denied.
 */
export const permissions = [
  "desk.home",
  "staff.view",
  "staff.create",
  "staff.change_role",
  "staff.disable",
  "staff.enable",
  "staff.unlock",
  "staff.reset_mfa",
  "audit.view",
  "audit.verify",
  "audit.explore",
  "audit.export",
  "audit.reveal",
  "demo.import",
  "customer.search",
  "customer.view",
  "customer.verify_phone",
  "customer.verify_in_person",
  "customer.clear_verification_block",
  "token.issue",
  "api_client.create",
  "api_client.revoke",
  "token_service.activate",
  "token_service.verify",
  "token_service.resync",
  "token_service.renew",
  "notice.claim",
  "notice.mark_sent",
  "notice.mark_failed",
  "notice.read_stuck",
  "demo.mailbox_receive",
  "demo.mailbox_read",
] as const;
export type Permission = (typeof permissions)[number];

/** Roles of people plus the non-human actors: the CLI (seed, imports) and token-service API clients. */
export type ActorRole = StaffRole | "system" | "api_client";

const deskStaff: readonly Permission[] = ["desk.home", "customer.search", "customer.view", "customer.verify_phone", "demo.mailbox_read"];

/** The role × permission matrix — the one place access is decided. */
export const permissionMatrix: Record<ActorRole, readonly Permission[]> = {
  operator: [...deskStaff],
  teller: [...deskStaff, "customer.verify_in_person", "token.issue"],
  // Supervisors explore their team's events read-only: no export, no reveal (lib/audit/explorer.ts scopes them).
  supervisor: [...deskStaff, "customer.clear_verification_block", "token.issue", "notice.read_stuck", "audit.explore"],
  auditor: ["desk.home", "audit.view", "audit.verify", "audit.explore", "audit.export", "audit.reveal", "demo.mailbox_read"],
  admin: ["desk.home", "staff.view", "staff.create", "staff.change_role", "staff.disable", "staff.enable", "staff.unlock", "staff.reset_mfa", "api_client.create", "api_client.revoke", "demo.mailbox_read"],
  // The notice worker and the demo SMTP receiver act as the system actor.
  system: ["staff.create", "demo.import", "audit.verify", "token.issue", "api_client.create", "api_client.revoke", "notice.claim", "notice.mark_sent", "notice.mark_failed", "demo.mailbox_receive"],
  /** Systems calling the token-service API: exactly the token operations, nothing of the portal. */
  api_client: ["token_service.activate", "token_service.verify", "token_service.resync", "token_service.renew"],
};

export function can(role: ActorRole, permission: Permission): boolean {
  return permissionMatrix[role].includes(permission);
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === "string" && (permissions as readonly string[]).includes(value);
}

const staffRoleOrder: readonly StaffRole[] = ["operator", "teller", "supervisor", "auditor", "admin"];

/** The staff roles (people, not the CLI or API clients) granted a permission — for "ask a …" hints. */
export function staffRolesWith(permission: Permission): StaffRole[] {
  return staffRoleOrder.filter((role) => can(role, permission));
}
