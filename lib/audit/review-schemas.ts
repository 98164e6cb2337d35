import { z } from "zod";
import { auditOutcomes } from "@/db/schema/audit";
import { text } from "@/lib/validation/text";
import { auditEventTypes, type AuditEventType } from "./vocabulary";

/** An audit event's id as a form or a URL sends it (digits) or as a number. */
export const auditEventIdField = z.union([
  z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  text({ error: "auditReview.validation.eventId" }).regex(/^[1-9]\d{0,14}$/, { error: "auditReview.validation.eventId" }).transform(Number),
]);

/** A JST calendar date, 2026-11-22 (what an <input type="date"> sends). */
export const jstDateField = text({ error: "auditReview.validation.date" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "auditReview.validation.date" })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), { error: "auditReview.validation.date" });

const actionNames = Object.keys(auditEventTypes) as [AuditEventType, ...AuditEventType[]];
export const auditActionField = z.enum(actionNames, { error: "validation.invalidChoice" });
export const auditOutcomeField = z.enum(auditOutcomes, { error: "validation.invalidChoice" });

/** What the auditor found, in their words: kept with the review and in its audit event. */
export const reviewCommentField = text({ multiline: true }).trim().min(2, { error: "auditReview.validation.comment" }).max(500);

export const reviewEventsInput = z.object({
  eventIds: z.array(auditEventIdField).min(1, { error: "auditReview.validation.chooseEvents" }).max(200),
  comment: reviewCommentField,
});

/** A whole JST day, narrowed by action, outcome or the high-risk list: every matching event. */
export const reviewDayInput = z.object({
  day: jstDateField,
  action: auditActionField.optional(),
  outcome: auditOutcomeField.optional(),
  highRiskOnly: z.boolean().default(false),
  comment: reviewCommentField,
});

/** The review page's filter (GET parameters). */
export const reviewFilterInput = z.object({
  day: jstDateField,
  action: auditActionField.optional(),
  outcome: auditOutcomeField.optional(),
  highRiskOnly: z.boolean().default(false),
});

export type ReviewFilter = z.output<typeof reviewFilterInput>;
