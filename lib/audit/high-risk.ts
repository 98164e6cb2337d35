import { sql, type SQL } from "drizzle-orm";
import { auditEvents, type AuditOutcome } from "@/db/schema";

/**
 * High-risk events: what an auditor must look at within a working day. One list, by action-name
 * pattern ("*" matches any run of characters) and, where given, outcome.
 */
export interface HighRiskRule {
  action: string;
  outcome?: AuditOutcome;
}

export const highRiskRules: readonly HighRiskRule[] = [
  { action: "token.replace*" },
  { action: "token.emergency_code*" },
  // The second person's decision that lets a replacement or an emergency code run.
  { action: "approval.approve" },
  { action: "email.delete" },
  { action: "token.reset_activation" },
  { action: "auth.locked" },
  { action: "verification.*", outcome: "failed" },
  { action: "*", outcome: "denied" },
  { action: "audit.reveal" },
  { action: "audit.export" },
  // A chain verification that found a break (or could not finish).
  { action: "audit.verify_finish", outcome: "failed" },
];

function patternRegex(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

/** LIKE pattern of a rule's action: `*` → `%`, the LIKE wildcards themselves escaped. */
export function likePattern(pattern: string): string {
  return pattern.replace(/[\\%_]/g, (c) => `\\${c}`).replaceAll("*", "%");
}

export function isHighRisk(action: string, outcome: string, rules: readonly HighRiskRule[] = highRiskRules): boolean {
  return rules.some((rule) => patternRegex(rule.action).test(action) && (!rule.outcome || rule.outcome === outcome));
}

/** The same rules as an SQL condition on audit_events. */
export function highRiskCondition(rules: readonly HighRiskRule[] = highRiskRules): SQL {
  const parts = rules.map((rule) => {
    const action = rule.action === "*" ? sql`true` : rule.action.includes("*") ? sql`${auditEvents.action} like ${likePattern(rule.action)}` : sql`${auditEvents.action} = ${rule.action}`;
    return rule.outcome ? sql`(${action} and ${auditEvents.outcome} = ${rule.outcome})` : sql`(${action})`;
  });
  return sql`(${sql.join(parts, sql` or `)})`;
}
