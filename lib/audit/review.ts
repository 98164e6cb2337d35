import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable, Tx } from "@/db/client";
import { apiClients, auditEvents, customers, eventReviewItems, eventReviews, staff, type AuditOutcome } from "@/db/schema";
import { ActionError, type ActionAudit, type Principal } from "@/lib/actions/types";
import { isUuid } from "@/lib/validation/identifiers";
import { addDays, jstDate, jstDayStart, previousWorkingDay } from "@/lib/time/working-days";
import { highRiskCondition, isHighRisk } from "./high-risk";
import type { DetailField } from "./details";
import { readEventDetails } from "./explorer";
import type { ReviewDayInput, ReviewFilter, ReviewPageInput } from "./review-schemas";

/**
 * Reviews of audit events by auditors. A review covers the events it names, or every event of a
 * JST day matching a filter at the moment it is written (the ids are fixed in
 * event_review_items, so a later event is never covered by an earlier review). Nobody reviews
 * their own events: chosen ones are refused, a day review leaves them out and says how many.
 *
 * High-risk events (lib/audit/high-risk.ts) are due by the end of the first working day after
 * the day they happened; past that, still unreviewed, they are overdue and the auditor's home
 * says so.
 */

/** A day review never covers more than this many events: narrow the filter instead. */
export const DAY_REVIEW_MAX = 50_000;
/** How many events one page of the review list shows (a day review covers every page). */
export const REVIEW_PAGE_SIZE = 100;
const INSERT_SLICE = 5_000;

const ownEvent = (staffId: string) => sql`(${auditEvents.actorType} = 'staff' and ${auditEvents.actorId} = ${staffId})`;

/** Events of one JST day matching the filter. */
export function dayFilterCondition(filter: ReviewFilter): SQL {
  return and(
    gte(auditEvents.occurredAt, jstDayStart(filter.day)),
    lt(auditEvents.occurredAt, jstDayStart(addDays(filter.day, 1))),
    filter.action ? eq(auditEvents.action, filter.action) : undefined,
    filter.outcome ? eq(auditEvents.outcome, filter.outcome) : undefined,
    filter.highRiskOnly ? highRiskCondition() : undefined,
  )!;
}

function reviewerOf(principal: Principal): string {
  // The permission is an auditor's: only staff hold it.
  if (!principal.staff) throw new ActionError("forbidden", "errors.forbidden");
  return principal.staff.id;
}

async function insertItems(tx: Tx, reviewId: string, eventIds: number[]): Promise<void> {
  for (let i = 0; i < eventIds.length; i += INSERT_SLICE) {
    await tx.insert(eventReviewItems).values(eventIds.slice(i, i + INSERT_SLICE).map((eventId) => ({ eventId, reviewId })));
  }
}

/** Marks chosen events reviewed, with one comment. */
export async function reviewEvents(
  tx: Tx,
  principal: Principal,
  input: { eventIds: number[]; comment: string },
  now: Date,
): Promise<{ data: { reviewId: string; events: number }; audit: ActionAudit<"audit.review_events"> }> {
  const reviewerId = reviewerOf(principal);
  const ids = [...new Set(input.eventIds)].sort((a, b) => a - b);
  const found = await tx.select({ id: auditEvents.id, own: ownEvent(reviewerId).mapWith(Boolean) }).from(auditEvents).where(inArray(auditEvents.id, ids));
  if (found.length !== ids.length) throw new ActionError("not_found", "auditReview.errors.unknownEvent", { eventIds: "auditReview.errors.unknownEvent" });
  if (found.some((e) => e.own)) throw new ActionError("forbidden", "auditReview.errors.ownEvent", { eventIds: "auditReview.errors.ownEvent" });
  const [review] = await tx
    .insert(eventReviews)
    .values({ reviewerId, reviewedAt: now, scope: "events", comment: input.comment, eventCount: ids.length })
    .returning({ id: eventReviews.id });
  await insertItems(tx, review!.id, ids);
  return { data: { reviewId: review!.id, events: ids.length }, audit: { reason: input.comment, details: { reviewId: review!.id, events: ids.length, eventIds: ids } } };
}

/** Marks every event of a JST day matching the filter reviewed (the reviewer's own left out). */
export async function reviewDay(
  tx: Tx,
  principal: Principal,
  input: ReviewDayInput,
  now: Date,
): Promise<{ data: { reviewId: string; events: number; skippedOwn: number }; audit: ActionAudit<"audit.review_day"> }> {
  const reviewerId = reviewerOf(principal);
  if (input.day > jstDate(now)) throw new ActionError("invalid_input", "auditReview.errors.futureDay", { day: "auditReview.errors.futureDay" });
  const where = dayFilterCondition(input);
  // One read fixes the ids: exactly these are covered, whatever commits meanwhile.
  const matched = await tx
    .select({ id: auditEvents.id, own: ownEvent(reviewerId).mapWith(Boolean) })
    .from(auditEvents)
    .where(where)
    .orderBy(asc(auditEvents.id))
    .limit(DAY_REVIEW_MAX + 1);
  const ids = matched.filter((e) => !e.own).map((e) => e.id);
  const skippedOwn = matched.length - ids.length;
  if (matched.length > DAY_REVIEW_MAX) throw new ActionError("invalid_input", "auditReview.errors.tooMany");
  // Events are never deleted, so a different count means the day gained events the auditor was not shown.
  if (matched.length !== input.expectedEvents) {
    throw new ActionError("conflict", "auditReview.errors.dayChanged", undefined, { details: { expectedEvents: input.expectedEvents, events: matched.length } }, { expected: input.expectedEvents, now: matched.length });
  }
  if (!ids.length) throw new ActionError("not_found", "auditReview.errors.nothingToReview", undefined, { details: { skippedOwn } });
  const [review] = await tx
    .insert(eventReviews)
    .values({
      reviewerId,
      reviewedAt: now,
      scope: "day",
      day: input.day,
      filterAction: input.action ?? null,
      filterOutcome: input.outcome ?? null,
      filterHighRisk: input.highRiskOnly,
      comment: input.comment,
      eventCount: ids.length,
    })
    .returning({ id: eventReviews.id });
  await insertItems(tx, review!.id, ids);
  return {
    data: { reviewId: review!.id, events: ids.length, skippedOwn },
    audit: {
      reason: input.comment,
      details: {
        reviewId: review!.id,
        day: input.day,
        ...(input.action ? { action: input.action } : {}),
        ...(input.outcome ? { outcome: input.outcome } : {}),
        highRiskOnly: input.highRiskOnly,
        events: ids.length,
        skippedOwn,
      },
    },
  };
}

/** An event as the review screens show it: names, never UUIDs. */
export interface ReviewEventRow {
  id: number;
  occurredAt: string;
  actorType: string;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  outcome: AuditOutcome;
  /** The customer's contract ID or the target staff member's login ID. */
  target: string | null;
  /** The reason the staff member gave for the change. */
  reason: string | null;
  /** How long the call memo is: its text is personal data, shown masked only on the event page. */
  memoLength: number | null;
  /** The recorded facts read in words and names, personal data masked and the memo left out. */
  details: DetailField[];
  highRisk: boolean;
  reviews: number;
  /** The acting staff member is the one looking: they may not review it. */
  own: boolean;
}

const targetStaff = alias(staff, "target_staff");
const reviewCount = sql<number>`(select count(*)::int from ${eventReviewItems} where ${eventReviewItems.eventId} = ${auditEvents.id})`;
const notReviewed = sql`not exists (select 1 from ${eventReviewItems} where ${eventReviewItems.eventId} = ${auditEvents.id})`;

async function eventRows(db: Queryable, where: SQL | undefined, options: { limit: number; offset?: number; viewerId: string | null; order: "asc" | "desc" }): Promise<ReviewEventRow[]> {
  const rows = await db
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      actorType: auditEvents.actorType,
      actorId: auditEvents.actorId,
      actorRole: auditEvents.actorRole,
      action: auditEvents.action,
      outcome: auditEvents.outcome,
      reason: auditEvents.reason,
      details: auditEvents.details,
      contractId: customers.contractId,
      targetLogin: targetStaff.loginId,
      reviews: reviewCount,
    })
    .from(auditEvents)
    .leftJoin(customers, eq(customers.id, auditEvents.customerId))
    .leftJoin(targetStaff, eq(targetStaff.id, auditEvents.targetStaffId))
    .where(where)
    .orderBy(options.order === "asc" ? asc(auditEvents.id) : desc(auditEvents.id))
    .limit(options.limit)
    .offset(options.offset ?? 0);
  const names = await actorNames(db, rows);
  const read = await readEventDetails(db, rows);
  return rows.map((r, i) => {
    const details = read[i]!;
    const rawMemo = r.details?.memo;
    return {
      id: r.id,
      occurredAt: r.occurredAt.toISOString(),
      actorType: r.actorType,
      actorName: r.actorType === "system" ? r.actorId : r.actorId ? (names.get(r.actorId) ?? null) : null,
      actorRole: r.actorRole,
      action: r.action,
      outcome: r.outcome,
      target: r.contractId ?? r.targetLogin ?? null,
      reason: r.reason,
      memoLength: typeof rawMemo === "string" ? [...rawMemo].length : null,
      details,
      highRisk: isHighRisk(r.action, r.outcome, r.details),
      reviews: Number(r.reviews),
      own: !!options.viewerId && r.actorType === "staff" && r.actorId === options.viewerId,
    };
  });
}

/** Staff display names and API client names for the actors of some events. */
export async function actorNames(db: Queryable, rows: Array<{ actorType: string; actorId: string | null }>): Promise<Map<string, string>> {
  const idsOf = (type: string) => [...new Set(rows.filter((r) => r.actorType === type).map((r) => r.actorId).filter((id): id is string => isUuid(id)))];
  const names = new Map<string, string>();
  const staffIds = idsOf("staff");
  const clientIds = idsOf("api_client");
  if (staffIds.length) for (const s of await db.select({ id: staff.id, name: staff.displayName }).from(staff).where(inArray(staff.id, staffIds))) names.set(s.id, s.name);
  if (clientIds.length) for (const c of await db.select({ id: apiClients.id, name: apiClients.name }).from(apiClients).where(inArray(apiClients.id, clientIds))) names.set(c.id, c.name);
  return names;
}

export interface ReviewRecord {
  id: string;
  reviewerName: string;
  reviewedAt: string;
  scope: "events" | "day";
  day: string | null;
  filterAction: string | null;
  filterOutcome: string | null;
  filterHighRisk: boolean;
  comment: string;
  eventCount: number;
}

async function recentReviews(db: Queryable, limit: number): Promise<ReviewRecord[]> {
  const rows = await db
    .select({ review: eventReviews, name: staff.displayName })
    .from(eventReviews)
    .innerJoin(staff, eq(staff.id, eventReviews.reviewerId))
    .orderBy(desc(eventReviews.reviewedAt), desc(eventReviews.id))
    .limit(limit);
  return rows.map(({ review, name }) => ({
    id: review.id,
    reviewerName: name,
    reviewedAt: review.reviewedAt.toISOString(),
    scope: review.scope,
    day: review.day,
    filterAction: review.filterAction,
    filterOutcome: review.filterOutcome,
    filterHighRisk: review.filterHighRisk,
    comment: review.comment,
    eventCount: review.eventCount,
  }));
}

export interface ReviewPage {
  filter: ReviewFilter;
  /** Every event matching the filter, on all pages: what a day review covers. */
  total: number;
  unreviewed: number;
  /** The page shown (1-based; one past the last asks for the last) and how many there are (at least 1). */
  page: number;
  pages: number;
  pageSize: number;
  /** The events of this page, oldest first. */
  events: ReviewEventRow[];
  reviews: ReviewRecord[];
}

/** The review page: one page of a day's events under a filter, oldest first, and the latest reviews. */
export async function reviewPage(db: Queryable, input: ReviewPageInput, viewerId: string | null, pageSize = REVIEW_PAGE_SIZE): Promise<ReviewPage> {
  const { page: asked, ...filter } = input;
  const where = dayFilterCondition(filter);
  const [counts] = await db
    .select({ total: sql<number>`count(*)::int`, unreviewed: sql<number>`count(*) filter (where ${notReviewed})::int` })
    .from(auditEvents)
    .where(where);
  const total = Number(counts?.total ?? 0);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  // A page past the end (the address of a longer list, or typed by hand) shows the last one.
  const page = Math.min(Math.max(1, asked), pages);
  return {
    filter,
    total,
    unreviewed: Number(counts?.unreviewed ?? 0),
    page,
    pages,
    pageSize,
    events: await eventRows(db, where, { limit: pageSize, offset: (page - 1) * pageSize, viewerId, order: "asc" }),
    reviews: await recentReviews(db, 20),
  };
}

/**
 * Events from before this moment are overdue when high-risk and unreviewed: an event of day D is
 * due by the end of the first working day after D, so at `now` (JST day N) everything before the
 * last working day before N is past due.
 */
export function overdueCutoff(now: Date): Date {
  return jstDayStart(previousWorkingDay(jstDate(now)));
}

export interface OverdueReviews {
  cutoff: string;
  total: number;
  /** Per JST day, oldest first, so each can be opened on the review page. */
  days: Array<{ day: string; count: number }>;
  /** The oldest overdue events. */
  events: ReviewEventRow[];
}

/** High-risk events left unreviewed past their working day. */
export async function overdueReviews(db: Queryable, now: Date, viewerId: string | null, limit = 20): Promise<OverdueReviews> {
  const cutoff = overdueCutoff(now);
  const where = and(lt(auditEvents.occurredAt, cutoff), highRiskCondition(), notReviewed)!;
  const day = sql<string>`to_char(${auditEvents.occurredAt} at time zone 'Asia/Tokyo', 'YYYY-MM-DD')`;
  const days = await db.select({ day, count: sql<number>`count(*)::int` }).from(auditEvents).where(where).groupBy(day).orderBy(day);
  return {
    cutoff: cutoff.toISOString(),
    total: days.reduce((sum, d) => sum + Number(d.count), 0),
    days: days.map((d) => ({ day: d.day, count: Number(d.count) })),
    events: await eventRows(db, where, { limit, viewerId, order: "asc" }),
  };
}
