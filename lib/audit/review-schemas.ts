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

/** The review page's filter: a JST day, narrowed by action, outcome or the high-risk list. */
export const reviewFilterInput = z.object({
  day: jstDateField,
  action: auditActionField.optional(),
  outcome: auditOutcomeField.optional(),
  highRiskOnly: z.boolean().default(false),
});

export type ReviewFilter = z.output<typeof reviewFilterInput>;

/** The review page's address: the filter and which page of its events (the first is 1). */
export const reviewPageInput = reviewFilterInput.extend({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export type ReviewPageInput = z.output<typeof reviewPageInput>;

/**
 * A whole JST day under a filter: every matching event, on every page of the list. The auditor
 * confirms how many events they were shown (`expectedEvents`, the reviewer's own included): if the
 * day has gained events since, the review is refused rather than covering events nobody listed.
 */
export const reviewDayInput = reviewFilterInput.extend({
  expectedEvents: z.number({ error: "auditReview.validation.expectedEvents" }).int().min(0).max(Number.MAX_SAFE_INTEGER),
  comment: reviewCommentField,
});

export type ReviewDayInput = z.output<typeof reviewDayInput>;
