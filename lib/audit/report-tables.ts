import { auditOutcomes } from "@/db/schema/audit";
import type { MessageKey, Translate } from "@/lib/i18n/translate";
import { anomalyRules, type Report } from "./reports";

export const reportTableIds = ["perDay", "perStaff", "perAction", "anomalies"] as const;
export type ReportTableId = (typeof reportTableIds)[number];

export interface ReportTable {
  id: ReportTableId;
  title: string;
  header: string[];
  rows: Array<Array<string | number>>;
}

/**
 * One report table as people read it (labels, not keys): what the page shows beside each chart
 * and what its CSV holds, so the two never disagree.
 */
export function reportTable(report: Report, id: ReportTableId, t: Translate): ReportTable {
  const outcomes = auditOutcomes.map((o) => t(`audit.outcomes.${o}`));
  const label = (key: string, fallback: string) => {
    const text = t(key as MessageKey);
    return text === key ? fallback : text;
  };
  const counts = (row: Record<(typeof auditOutcomes)[number] | "total", number>) => [...auditOutcomes.map((o) => row[o]), row.total];
  switch (id) {
    case "perDay":
      return { id, title: t("auditReports.perDay.title"), header: [t("auditReports.columns.day"), ...outcomes, t("auditReports.columns.total")], rows: report.perDay.map((r) => [r.day, ...counts(r)]) };
    case "perStaff":
      return {
        id,
        title: t("auditReports.perStaff.title"),
        header: [t("auditReports.columns.staff"), t("auditReports.columns.loginId"), t("auditReports.columns.role"), ...outcomes, t("auditReports.columns.total")],
        rows: report.perStaff.map((r) => [r.staffName, r.loginId, r.role ? label(`roles.${r.role}`, r.role) : "—", ...counts(r)]),
      };
    case "perAction":
      return { id, title: t("auditReports.perAction.title"), header: [t("auditReports.columns.action"), ...outcomes, t("auditReports.columns.total")], rows: report.perAction.map((r) => [label(`actions.${r.action}`, r.action), ...counts(r)]) };
    case "anomalies":
      return {
        id,
        title: t("auditReports.anomalies.title"),
        header: [t("auditReports.columns.day"), t("auditReports.columns.rule"), t("auditReports.columns.subject"), t("auditReports.columns.count")],
        rows: report.anomalies.map((a) => [a.day, anomalyRuleText(a.rule, t), a.subject, a.count]),
      };
  }
}

/** The rule that raised an anomaly, with its threshold. */
export function anomalyRuleText(rule: keyof typeof anomalyRules, t: Translate): string {
  const r = anomalyRules[rule] as Record<string, unknown>;
  const vars = Object.fromEntries(Object.entries(r).filter(([, v]) => typeof v === "number")) as Record<string, number>;
  return t(`auditReports.rules.${rule}`, vars);
}
