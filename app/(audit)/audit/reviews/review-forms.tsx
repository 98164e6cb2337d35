"use client";

import Link from "next/link";
import { Field, FormMessage, GroupErrors, SubmitButton, useFormAction } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import type { ReviewEventRow } from "@/lib/audit/review";
import type { ReviewFilter } from "@/lib/audit/review-schemas";
import type { MessageKey } from "@/lib/i18n/translate";
import { formatJst } from "@/lib/time/format";
import { reviewDayAction, reviewEventsAction } from "./actions";
import { outcomeStyle } from "@/app/_components/outcome-style";
import { DetailSummary } from "./detail-summary";

/**
 * An event list a person reads: each row opens its event page, and says who did what, why, what
 * was recorded, and whether it has been reviewed.
 */
export function ReviewEventsTable({ rows, caption, selectable }: { rows: ReviewEventRow[]; caption: string; selectable: boolean }) {
  const t = useT();
  const label = (key: string, fallback: string) => {
    const text = t(key as MessageKey);
    return text === key ? fallback : text;
  };
  return (
    <table className="w-full border-collapse bg-white text-sm" data-testid="review-events">
      <caption className="p-2 text-left font-semibold">{caption}</caption>
      <thead>
        <tr className="border-b text-left">
          {selectable && <th scope="col" className="p-2">{t("auditReview.columns.select")}</th>}
          <th scope="col" className="p-2">{t("auditReview.columns.id")}</th>
          <th scope="col" className="p-2">{t("auditReview.columns.occurredAt")}</th>
          <th scope="col" className="p-2">{t("auditReview.columns.actor")}</th>
          <th scope="col" className="p-2">{t("auditReview.columns.action")}</th>
          <th scope="col" className="p-2">{t("auditReview.columns.outcome")}</th>
          <th scope="col" className="p-2">{t("auditReview.columns.target")}</th>
          <th scope="col" className="p-2">{t("auditReview.columns.reason")}</th>
          <th scope="col" className="p-2">{t("auditReview.columns.details")}</th>
          <th scope="col" className="p-2">{t("auditReview.columns.status")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} className={`border-b align-top ${row.highRisk && !row.reviews ? "bg-amber-50" : ""}`}>
            {selectable && (
              <td className="p-2">
                <input type="checkbox" name="eventIds" value={row.id} disabled={row.own} aria-label={t("auditReview.selectEvent", { id: row.id })} className="h-4 w-4" />
              </td>
            )}
            <td className="p-2 font-mono">
              <Link className="underline" href={`/audit/events/${row.id}`} aria-label={t("auditReview.openEvent", { id: row.id })}>
                {row.id}
              </Link>
            </td>
            <td className="whitespace-nowrap p-2">{formatJst(row.occurredAt)}</td>
            <td className="p-2">
              {row.actorType === "staff" ? (row.actorName ?? "—") : `${label(`audit.actorTypes.${row.actorType}`, "—")}${row.actorName ? ` ${row.actorName}` : ""}`}
              {row.actorRole && row.actorType === "staff" && <span className="ml-1 whitespace-nowrap text-xs text-slate-500">({label(`roles.${row.actorRole}`, "—")})</span>}
            </td>
            <td className="p-2">
              {label(`actions.${row.action}`, row.action)}
              {row.highRisk && <span className="badge ml-2 bg-red-100 text-red-800">{t("auditReview.highRisk")}</span>}
            </td>
            <td className="p-2">
              <span className={`badge ${outcomeStyle[row.outcome] ?? ""}`}>{label(`audit.outcomes.${row.outcome}`, "—")}</span>
            </td>
            <td className="p-2 font-mono text-xs">{row.target ?? "—"}</td>
            <td className="min-w-40 p-2">
              {row.reason ?? (row.memoLength === null ? "—" : "")}
              {row.memoLength !== null && <span className="block text-xs text-slate-500">{t("auditReview.memo", { length: row.memoLength })}</span>}
            </td>
            <td className="min-w-48 p-2">
              <DetailSummary fields={row.details} />
            </td>
            <td className="p-2">
              {row.reviews ? t("auditReview.reviewed", { count: row.reviews }) : t("auditReview.unreviewed")}
              {row.own && <span className="ml-1 text-xs text-slate-500">({t("auditReview.own")})</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Choose events in the list and mark them reviewed with one comment. */
export function ReviewEventsForm({ rows, caption, paging }: { rows: ReviewEventRow[]; caption: string; paging?: React.ReactNode }) {
  const t = useT();
  const { state, action, ref, errors, values, key } = useFormAction(reviewEventsAction);
  return (
    <form key={key} ref={ref} action={action} aria-labelledby="review-events-title" className="space-y-3">
      <h2 id="review-events-title" className="text-lg font-semibold">
        {t("auditReview.events.legend")}
      </h2>
      {state?.ok && <FormMessage kind="success">{t("auditReview.events.done", { events: state.data.events })}</FormMessage>}
      {state && !state.ok && <FormMessage kind="error">{state.message}</FormMessage>}
      <div className="overflow-x-auto">
        <ReviewEventsTable rows={rows} caption={caption} selectable />
      </div>
      {paging}
      <GroupErrors id="review-events-errors" errors={errors?.eventIds} />
      <div className="grid max-w-xl gap-3">
        <Field label={t("auditReview.events.comment")} name="comment" errors={errors?.comment} defaultValue={values.comment} required maxLength={500} autoComplete="off" />
        <div>
          <SubmitButton>{t("auditReview.events.submit")}</SubmitButton>
        </div>
      </div>
    </form>
  );
}

/** Mark every event of the day under the current filter reviewed. */
export function ReviewDayForm({ filter, dayLabel, total, pages }: { filter: ReviewFilter; dayLabel: string; total: number; pages: number }) {
  const t = useT();
  const { state, action, ref, errors, values, key } = useFormAction(reviewDayAction);
  return (
    <form key={key} ref={ref} action={action} aria-labelledby="review-day-title" className="card max-w-xl space-y-3">
      <h2 id="review-day-title" className="text-lg font-semibold">
        {t("auditReview.day.legend")}
      </h2>
      <p className="text-sm text-slate-600">{t("auditReview.day.hint", { day: dayLabel, total, pages })}</p>
      {state?.ok && <FormMessage kind="success">{t("auditReview.day.done", { events: state.data.events, skippedOwn: state.data.skippedOwn })}</FormMessage>}
      {state && !state.ok && <FormMessage kind="error">{[state.message, ...Object.entries(state.fieldErrors ?? {}).filter(([field]) => field !== "comment").flatMap(([, messages]) => messages)].join(" ")}</FormMessage>}
      <input type="hidden" name="day" value={filter.day} />
      <input type="hidden" name="action" value={filter.action ?? ""} />
      <input type="hidden" name="outcome" value={filter.outcome ?? ""} />
      <input type="hidden" name="highRiskOnly" value={filter.highRiskOnly ? "true" : ""} />
      {/* What the auditor was shown: the review is refused if the day has gained events since. */}
      <input type="hidden" name="expectedEvents" value={total} />
      <Field label={t("auditReview.day.comment")} name="comment" errors={errors?.comment} defaultValue={values.comment} required maxLength={500} autoComplete="off" />
      <SubmitButton>{t("auditReview.day.submit")}</SubmitButton>
    </form>
  );
}
