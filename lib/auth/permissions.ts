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
  "audit.review",
  "audit.record_verification",
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
  "token.reset_activation",
  "token.unlock",
  "token.resync",
  "token.suspend",
  "token.resume",
  "token.cancel",
  "token.renew",
  "token.replace",
  "token.exchange",
  "token.emergency_code",
  "approval.decide",
  "email.add",
  "email.delete",
  "api_client.create",
  "api_client.revoke",
  "token_service.activate",
  "token_service.verify",
  "token_service.resync",
  "token_service.renew",
  "token_service.confirm_email",
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
/** The fixes made on the call once the caller is verified; issuing a new token is the counter's and the supervisor's. */
const deskFixes: readonly Permission[] = ["token.reset_activation", "token.unlock", "token.resync", "token.suspend", "token.resume", "token.cancel", "token.renew", "email.add", "email.delete"];
/**
 * The lost-phone changes every desk role may start: a replacement (after a phone check it only
 * files a request), an exchange (the caller proves the old phone with its code) and the request for
 * an emergency code. Deciding a request is the supervisor's alone.
 */
const lostPhone: readonly Permission[] = ["token.replace", "token.exchange", "token.emergency_code"];

/** The role × permission matrix — the one place access is decided. */
export const permissionMatrix: Record<ActorRole, readonly Permission[]> = {
  operator: [...deskStaff, ...deskFixes, ...lostPhone],
  teller: [...deskStaff, ...deskFixes, ...lostPhone, "customer.verify_in_person", "token.issue"],
  // Supervisors explore their team's events read-only: no export, no reveal (lib/audit/explorer.ts scopes them).
  supervisor: [...deskStaff, ...deskFixes, ...lostPhone, "approval.decide", "customer.clear_verification_block", "token.issue", "notice.read_stuck", "audit.explore"],
  auditor: ["desk.home", "audit.view", "audit.verify", "audit.review", "audit.explore", "audit.export", "audit.reveal", "demo.mailbox_read"],
  admin: ["desk.home", "staff.view", "staff.create", "staff.change_role", "staff.disable", "staff.enable", "staff.unlock", "staff.reset_mfa", "api_client.create", "api_client.revoke", "demo.mailbox_read"],
  // The notice worker and the demo SMTP receiver act as the system actor.
  system: ["staff.create", "demo.import", "audit.verify", "audit.record_verification", "token.issue", "api_client.create", "api_client.revoke", "notice.claim", "notice.mark_sent", "notice.mark_failed", "demo.mailbox_receive"],
  /** Systems calling the token-service API: exactly the token operations, nothing of the portal. */
  api_client: ["token_service.activate", "token_service.verify", "token_service.resync", "token_service.renew", "token_service.confirm_email"],
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
