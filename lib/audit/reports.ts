import { and, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { auditEvents, auditOutcomes, customers, staff, type AuditOutcome } from "@/db/schema";
import { addDays, jstDayStart } from "@/lib/time/working-days";
import { likePattern } from "./high-risk";
import { jstDateField } from "./review-schemas";
import { auditEventTypes } from "./vocabulary";

/**
 * The auditor's reports over a JST date range: activity per day, per staff member and per action
 * and outcome, and anomalies — each with the rule that raised it. Every number comes from one
 * GROUP BY over audit_events; the thresholds live in `anomalyRules` below and are shown with the
 * anomalies they raise.
 */

/** Longer ranges are slow to read and unreadable as charts: a quarter at most. */
export const REPORT_MAX_DAYS = 92;

export const reportInput = z
  .object({ from: jstDateField, to: jstDateField })
  .refine((r) => r.from <= r.to, { error: "auditReports.validation.order", path: ["to"] })
  .refine((r) => (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 < REPORT_MAX_DAYS, { error: "auditReports.validation.span", path: ["to"] });
export type ReportInput = z.output<typeof reportInput>;

export const deskRoles = ["operator", "teller", "supervisor"] as const;

export const anomalyRules = {
  /** One staff member doing many replacements or activation-password resets in one day. */
  replacementsByStaff: { actions: ["token.replace*", "token.reset_activation"], perDay: 5 },
  /** Failed caller verifications on one customer in one day. */
  failedVerificationsByCustomer: { actions: ["verification.*"], perDay: 3 },
  /** Failed caller verifications by one staff member in one day. */
  failedVerificationsByStaff: { actions: ["verification.*"], perDay: 5 },
  /** Desk staff changing or viewing customer data outside the specialist desk's hours (JST). */
  outsideOfficeHours: { roles: deskRoles, fromHour: 9, toHour: 21 },
  /** Customers one staff member opened in one day and did nothing else with. */
  viewsWithoutAction: { view: "customer.view", perDay: 10 },
} as const;
export type AnomalyRule = keyof typeof anomalyRules;

type OutcomeCounts = Record<AuditOutcome, number> & { total: number };
export interface DayRow extends OutcomeCounts {
  day: string;
}
export interface StaffRow extends OutcomeCounts {
  staffName: string;
  loginId: string;
  role: string | null;
}
export interface ActionRow extends OutcomeCounts {
  action: string;
}
export interface Anomaly {
  rule: AnomalyRule;
  day: string;
  /** A staff member's display name, or a customer's contract ID. */
  subject: string;
  subjectKind: "staff" | "customer";
  count: number;
}
export interface Report {
  from: string;
  to: string;
  total: number;
  perDay: DayRow[];
  perStaff: StaffRow[];
  perAction: ActionRow[];
  anomalies: Anomaly[];
}

const jstDay = sql<string>`to_char(${auditEvents.occurredAt} at time zone 'Asia/Tokyo', 'YYYY-MM-DD')`;
const outcomeColumns = Object.fromEntries(auditOutcomes.map((o) => [o, sql<number>`count(*) filter (where ${auditEvents.outcome} = ${o})::int`])) as Record<AuditOutcome, SQL<number>>;
const total = sql<number>`count(*)::int`;

function counts(row: Record<string, unknown>): OutcomeCounts {
  const out = { total: Number(row.total ?? 0) } as OutcomeCounts;
  for (const o of auditOutcomes) out[o] = Number(row[o] ?? 0);
  return out;
}

function anyAction(patterns: readonly string[]): SQL {
  return sql`(${sql.join(
    patterns.map((p) => (p.includes("*") ? sql`${auditEvents.action} like ${likePattern(p)}` : sql`${auditEvents.action} = ${p}`)),
    sql` or `,
  )})`;
}

/** The names of the "action" events: changes (and customer views), not sign-ins or reads. */
const changeActions = Object.entries(auditEventTypes)
  .filter(([, by]) => by === "action")
  .map(([name]) => name);

export async function buildReport(db: Queryable, input: ReportInput): Promise<Report> {
  const inRange = and(gte(auditEvents.occurredAt, jstDayStart(input.from)), lt(auditEvents.occurredAt, jstDayStart(addDays(input.to, 1))))!;
  const staffActor = sql`${auditEvents.actorType} = 'staff'`;

  const dayRows = await db.select({ day: jstDay, total, ...outcomeColumns }).from(auditEvents).where(inRange).groupBy(jstDay);
  const byDay = new Map(dayRows.map((r) => [r.day, r]));
  const perDay: DayRow[] = [];
  for (let day = input.from; day <= input.to; day = addDays(day, 1)) perDay.push({ day, ...counts(byDay.get(day) ?? {}) });

  const staffRows = await db
    .select({ staffName: staff.displayName, loginId: staff.loginId, role: staff.role, total, ...outcomeColumns })
    .from(auditEvents)
    .innerJoin(staff, sql`${staff.id}::text = ${auditEvents.actorId}`)
    .where(and(inRange, staffActor))
    .groupBy(staff.id, staff.displayName, staff.loginId, staff.role)
    .orderBy(sql`count(*) desc`, staff.loginId);
  const perStaff = staffRows.map((r) => ({ staffName: r.staffName, loginId: r.loginId, role: r.role, ...counts(r) }));

  const actionRows = await db.select({ action: auditEvents.action, total, ...outcomeColumns }).from(auditEvents).where(inRange).groupBy(auditEvents.action).orderBy(sql`count(*) desc`, auditEvents.action);
  const perAction = actionRows.map((r) => ({ action: r.action, ...counts(r) }));

  return {
    from: input.from,
    to: input.to,
    total: perDay.reduce((sum, d) => sum + d.total, 0),
    perDay,
    perStaff,
    perAction,
    anomalies: await anomalies(db, inRange),
  };
}

async function anomalies(db: Queryable, inRange: SQL): Promise<Anomaly[]> {
  const rules = anomalyRules;
  const staffActor = sql`${auditEvents.actorType} = 'staff'`;
  const staffName = sql<string>`coalesce(${staff.displayName}, '—')`;
  const staffJoin = sql`${staff.id}::text = ${auditEvents.actorId}`;
  const found: Anomaly[] = [];

  const perStaffDay = async (rule: AnomalyRule, where: SQL, min: number) => {
    const rows = await db
      .select({ day: jstDay, subject: staffName, count: total })
      .from(auditEvents)
      .leftJoin(staff, staffJoin)
      .where(and(inRange, staffActor, where))
      .groupBy(jstDay, staff.id, staff.displayName)
      .having(sql`count(*) >= ${min}`);
    for (const r of rows) found.push({ rule, day: r.day, subject: r.subject, subjectKind: "staff", count: Number(r.count) });
  };

  await perStaffDay("replacementsByStaff", and(anyAction(rules.replacementsByStaff.actions), eq(auditEvents.outcome, "success"))!, rules.replacementsByStaff.perDay);
  await perStaffDay("failedVerificationsByStaff", and(anyAction(rules.failedVerificationsByStaff.actions), eq(auditEvents.outcome, "failed"))!, rules.failedVerificationsByStaff.perDay);

  const customerRows = await db
    .select({ day: jstDay, subject: customers.contractId, count: total })
    .from(auditEvents)
    .innerJoin(customers, eq(customers.id, auditEvents.customerId))
    .where(and(inRange, anyAction(rules.failedVerificationsByCustomer.actions), eq(auditEvents.outcome, "failed")))
    .groupBy(jstDay, customers.contractId)
    .having(sql`count(*) >= ${rules.failedVerificationsByCustomer.perDay}`);
  for (const r of customerRows) found.push({ rule: "failedVerificationsByCustomer", day: r.day, subject: r.subject, subjectKind: "customer", count: Number(r.count) });

  const hours = rules.outsideOfficeHours;
  const hour = sql`extract(hour from ${auditEvents.occurredAt} at time zone 'Asia/Tokyo')`;
  await perStaffDay(
    "outsideOfficeHours",
    and(inArray(auditEvents.actorRole, [...hours.roles]), inArray(auditEvents.action, changeActions), sql`(${hour} < ${hours.fromHour} or ${hour} >= ${hours.toHour})`)!,
    1,
  );

  // Distinct customers a staff member viewed on a day with no other event of theirs on that
  // customer that day (a verification, a change, a refusal all count as doing something).
  const views = rules.viewsWithoutAction;
  const other = sql`exists (select 1 from ${auditEvents} o where o.actor_type = 'staff' and o.actor_id = ${auditEvents.actorId}
    and o.customer_id = ${auditEvents.customerId} and o.action <> ${views.view}
    and to_char(o.occurred_at at time zone 'Asia/Tokyo', 'YYYY-MM-DD') = ${jstDay})`;
  const viewRows = await db
    .select({ day: jstDay, subject: staffName, count: sql<number>`count(distinct ${auditEvents.customerId})::int` })
    .from(auditEvents)
    .leftJoin(staff, staffJoin)
    .where(and(inRange, staffActor, eq(auditEvents.action, views.view), eq(auditEvents.outcome, "success"), sql`not ${other}`))
    .groupBy(jstDay, staff.id, staff.displayName)
    .having(sql`count(distinct ${auditEvents.customerId}) >= ${views.perDay}`);
  for (const r of viewRows) found.push({ rule: "viewsWithoutAction", day: r.day, subject: r.subject, subjectKind: "staff", count: Number(r.count) });

  return found.sort((a, b) => a.day.localeCompare(b.day) || a.rule.localeCompare(b.rule) || b.count - a.count || a.subject.localeCompare(b.subject));
}
