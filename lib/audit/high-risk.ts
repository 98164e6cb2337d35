import { sql, type SQL } from "drizzle-orm";
import { auditEvents, type AuditOutcome } from "@/db/schema";
import type { AuditEventType } from "./vocabulary";

/**
 * High-risk events: what an auditor must look at within a working day. Every event type of the
 * vocabulary is classified here, with why — the record is exhaustive, so a new event type does
 * not compile until someone decides. High-risk are the changes to whether a customer's token can
 * be used (and the second person's decisions that let them run), to how the customer is reached,
 * and to who may act at the desk; plus the few events that disclose data or signal an attack.
 * Page views and searches never are, whatever their outcome: a refused read changed nothing.
 */
export type RiskClass =
  /** High-risk whatever the outcome: the attempt itself is worth a look. */
  | { highRisk: "always"; why: string }
  /** High-risk only with these outcomes. */
  | { highRisk: AuditOutcome[]; why: string }
  /** High-risk only when the details record this fact (a routine event that sometimes does more). */
  | { highRisk: { detail: string }; why: string }
  | { highRisk: false; why: string };

const always = (why: string): RiskClass => ({ highRisk: "always", why });
const when = (outcomes: AuditOutcome[], why: string): RiskClass => ({ highRisk: outcomes, why });
const never = (why: string): RiskClass => ({ highRisk: false, why });

export const riskClasses: Record<AuditEventType, RiskClass> = {
  // Who may act at the desk.
  "auth.sign_in": never("a sign-in: repeated failures end in auth.locked, which is high-risk"),
  "auth.sign_out": never("a session ended by its owner"),
  "auth.session_ended": never("a session ended by timeout or by an account change already reviewed"),
  "auth.locked": always("a staff account locked by failed sign-ins: someone may be guessing its password"),
  "auth.mfa_enrolment_started": never("the staff member's own step after a reset that is itself high-risk"),
  "auth.mfa_enrolled": never("the staff member's own step after a reset that is itself high-risk"),
  "staff.create": always("grants a person a role at the desk"),
  "staff.change_role": always("changes what a staff member may do"),
  "staff.disable": always("withdraws a staff member's access"),
  "staff.enable": always("restores a staff member's access"),
  "staff.unlock": always("lets a locked staff account sign in again"),
  "staff.reset_mfa": always("lets the next sign-in enrol a new authenticator for the account"),
  "demo.import_customer": never("demo data only"),
  "customer.view": never("a page view"),
  // Caller verification: a failed check may be an impostor; lifting a block lets one try again.
  "verification.phone": when(["failed"], "a caller who failed the identity check may be an impostor"),
  "verification.in_person": when(["failed"], "a visitor who failed the identity check may be an impostor"),
  "verification.clear_block": always("lifts the block that stopped repeated failed identity checks"),
  // The token's usability.
  "token.issue": { highRisk: { detail: "replacedTokenId" }, why: "a first token is routine; the back office's replacement revokes the live one" },
  "token.replace": always("revokes the customer's token and issues another (or asks a supervisor to)"),
  "token.exchange": always("moves the customer's token to a new phone"),
  "token.emergency_code": always("asks for a one-time code that stands in for the token"),
  "approval.approve": always("the second person's decision that lets a replacement or an emergency code run"),
  "approval.reject": always("the second person's decision that stops a replacement or an emergency code"),
  "token_service.verify_emergency": always("a one-time emergency code used in place of the token"),
  "token.unlock": always("makes a locked token usable again"),
  "token.resync": never("corrects the token's clock; it neither unlocks nor revokes it"),
  "token.suspend": always("makes the customer's token unusable"),
  "token.resume": always("makes a suspended token usable again"),
  "token.cancel": always("ends the customer's token for good"),
  // How the customer is reached.
  "email.add": always("adds an address the bank's notices go to"),
  "email.delete": always("removes an address the bank's notices go to"),
  "token.reset_activation": always("sends a new activation password: whoever receives it can activate the token"),
  "token.renew": never("extends a live token's validity: routine, and its holder does not change"),
  "api_client.create": always("gives a system a key to the token-service API"),
  "api_client.revoke": always("withdraws a system's key to the token-service API"),
  "token_service.activate": never("the customer's own activation with the password a reviewed desk change sent"),
  "token_service.verify": never("the customer's own sign-in code: failures lock the token, which the desk then unlocks (high-risk)"),
  "token_service.resync": never("the customer's own clock correction"),
  "token_service.renew": never("the customer's own renewal"),
  "token_service.confirm_email": never("the customer confirms an address whose adding was reviewed"),
  "notice.claim": never("the notice sender's bookkeeping"),
  "notice.mark_sent": never("the notice sender's bookkeeping"),
  "notice.mark_failed": never("the notice sender's bookkeeping; stuck notices have their own page"),
  "demo.mailbox_receive": never("demo data only"),
  // The auditor's workspace.
  "audit.verify_start": never("a routine chain check starting"),
  "audit.verify_finish": when(["failed"], "the chain check found a break or could not finish"),
  "audit.review_events": never("a review itself"),
  "audit.review_day": never("a review itself"),
  "audit.reveal": always("shows a customer's masked personal data in clear"),
  // Reads: page views and searches, except the one that takes the log out of the portal.
  "customer.search": never("a search"),
  "staff.list": never("a page view"),
  "desk.home": never("a page view"),
  "audit.integrity": never("a page view"),
  "audit.verification_run": never("a page view"),
  "audit.reviews": never("a page view"),
  "audit.overdue_reviews": never("a page view"),
  "audit.report": never("a page view"),
  "audit.explore": never("a page view"),
  "audit.event": never("a page view"),
  "audit.export": always("takes the audit log (with masked personal data) out of the portal as a file"),
  "approval.queue": never("a page view"),
  "approval.inbox": never("a page view"),
  "demo.mailbox": never("demo data only"),
  "demo.mailbox_letter": never("demo data only"),
  "notice.stuck": never("a page view"),
  "audit.verify": never("retired: no longer written"),
  "audit.list": never("retired: no longer written"),
};

function classOf(action: string): RiskClass | undefined {
  return Object.hasOwn(riskClasses, action) ? riskClasses[action as AuditEventType] : undefined;
}

/** Whether an event is high-risk; `details` is needed only for the types that depend on them. */
export function isHighRisk(action: string, outcome: string, details?: Record<string, unknown> | null): boolean {
  const risk = classOf(action)?.highRisk;
  if (!risk) return false;
  if (risk === "always") return true;
  if (Array.isArray(risk)) return (risk as string[]).includes(outcome);
  return details?.[risk.detail] !== undefined && details?.[risk.detail] !== null;
}

/** The same classification as an SQL condition on audit_events (names from the record, never input). */
export function highRiskCondition(): SQL {
  const entries = Object.entries(riskClasses) as Array<[AuditEventType, RiskClass]>;
  const alwaysNames = entries.filter(([, c]) => c.highRisk === "always").map(([name]) => name);
  const parts: SQL[] = [sql`${auditEvents.action} in (${sql.join(alwaysNames.map((n) => sql`${n}`), sql`, `)})`];
  for (const [name, { highRisk }] of entries) {
    if (Array.isArray(highRisk)) parts.push(sql`(${auditEvents.action} = ${name} and ${auditEvents.outcome} in (${sql.join(highRisk.map((o) => sql`${o}`), sql`, `)}))`);
    else if (highRisk && highRisk !== "always") parts.push(sql`(${auditEvents.action} = ${name} and (${auditEvents.details} -> ${highRisk.detail}) is not null and (${auditEvents.details} -> ${highRisk.detail}) <> 'null'::jsonb)`);
  }
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** LIKE pattern of an action-name pattern: `*` → `%`, the LIKE wildcards themselves escaped. */
export function likePattern(pattern: string): string {
  return pattern.replace(/[\\%_]/g, (c) => `\\${c}`).replaceAll("*", "%");
}
