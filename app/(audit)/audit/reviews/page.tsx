import Link from "next/link";
import { auditOutcomes } from "@/db/schema/audit";
import { pageQuery } from "@/lib/actions/web";
import { REVIEW_LIST_LIMIT } from "@/lib/audit/review";
import { reviewFilterInput, type ReviewFilter } from "@/lib/audit/review-schemas";
import { auditEventTypes } from "@/lib/audit/vocabulary";
import { reviewsQuery } from "@/lib/audit/workspace-queries";
import { getT } from "@/lib/i18n/server";
import type { MessageKey } from "@/lib/i18n/translate";
import { formatJst, formatJstDate } from "@/lib/time/format";
import { jstDate } from "@/lib/time/working-days";
import { FormMessage } from "@/app/_components/form";
import { ReviewDayForm, ReviewEventsForm } from "./review-forms";

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The filter from the address; anything malformed falls back to today, unfiltered. */
function filterOf(params: Params): ReviewFilter {
  const parsed = reviewFilterInput.safeParse({
    day: one(params.day) || jstDate(new Date()),
    action: one(params.action) || undefined,
    outcome: one(params.outcome) || undefined,
    highRiskOnly: ["1", "true", "on"].includes(one(params.highRisk) ?? ""),
  });
  return parsed.success ? parsed.data : { day: jstDate(new Date()), highRiskOnly: false };
}

/** Daily review: one JST day's events under a filter, reviewed chosen or all at once. */
export default async function ReviewsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const filter = filterOf(await searchParams);
  const result = await pageQuery(reviewsQuery, filter);
  const { t } = await getT();
  if (!result.ok) return <FormMessage kind="error">{result.message}</FormMessage>;
  const { total, unreviewed, events, reviews } = result.data;
  const dayLabel = formatJstDate(filter.day);
  const actionLabel = (name: string) => t(`actions.${name}` as MessageKey);
  const actionNames = Object.keys(auditEventTypes).sort((a, b) => actionLabel(a).localeCompare(actionLabel(b), "ja"));
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-bold">{t("auditReview.title")}</h1>
      <p className="text-sm text-slate-600">{t("auditReview.intro")}</p>
      <form method="get" className="card flex flex-wrap items-end gap-3" aria-labelledby="review-filter-title">
        <h2 id="review-filter-title" className="sr-only">
          {t("auditReview.filter.legend")}
        </h2>
        <div className="space-y-1">
          <label htmlFor="review-day" className="block text-sm font-medium">
            {t("auditReview.filter.day")}
          </label>
          <input id="review-day" type="date" name="day" defaultValue={filter.day} className="input" required />
        </div>
        <div className="space-y-1">
          <label htmlFor="review-action" className="block text-sm font-medium">
            {t("auditReview.filter.action")}
          </label>
          <select id="review-action" name="action" defaultValue={filter.action ?? ""} className="input">
            <option value="">{t("auditReview.filter.any")}</option>
            {actionNames.map((name) => (
              <option key={name} value={name}>
                {actionLabel(name)}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="review-outcome" className="block text-sm font-medium">
            {t("auditReview.filter.outcome")}
          </label>
          <select id="review-outcome" name="outcome" defaultValue={filter.outcome ?? ""} className="input">
            <option value="">{t("auditReview.filter.any")}</option>
            {auditOutcomes.map((o) => (
              <option key={o} value={o}>
                {t(`audit.outcomes.${o}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="flex items-center gap-2 pb-2">
          <input id="review-high-risk" type="checkbox" name="highRisk" value="1" defaultChecked={filter.highRiskOnly} className="h-4 w-4" />
          <label htmlFor="review-high-risk" className="text-sm">
            {t("auditReview.filter.highRiskOnly")}
          </label>
        </div>
        <button type="submit" className="btn-primary">
          {t("auditReview.filter.apply")}
        </button>
      </form>
      <p className="text-sm font-medium" data-testid="review-summary">
        {t("auditReview.summary", { day: dayLabel, total, unreviewed })}
      </p>
      {total > REVIEW_LIST_LIMIT && <p className="text-sm text-slate-600">{t("auditReview.listLimited", { limit: REVIEW_LIST_LIMIT })}</p>}
      {events.length > 0 && (
        <>
          <ReviewEventsForm rows={events} caption={t("auditReview.caption", { day: dayLabel })} />
          <ReviewDayForm filter={filter} dayLabel={dayLabel} />
        </>
      )}
      <section aria-labelledby="recent-reviews" className="space-y-2">
        <h2 id="recent-reviews" className="text-lg font-semibold">
          {t("auditReview.recent.title")}
        </h2>
        {reviews.length === 0 ? (
          <p className="text-sm">{t("auditReview.recent.empty")}</p>
        ) : (
          <table className="w-full border-collapse bg-white text-sm">
            <caption className="sr-only">{t("auditReview.recent.caption")}</caption>
            <thead>
              <tr className="border-b text-left">
                <th scope="col" className="p-2">{t("auditReview.recent.columns.reviewedAt")}</th>
                <th scope="col" className="p-2">{t("auditReview.recent.columns.reviewer")}</th>
                <th scope="col" className="p-2">{t("auditReview.recent.columns.scope")}</th>
                <th scope="col" className="p-2">{t("auditReview.recent.columns.filter")}</th>
                <th scope="col" className="p-2">{t("auditReview.recent.columns.count")}</th>
                <th scope="col" className="p-2">{t("auditReview.recent.columns.comment")}</th>
              </tr>
            </thead>
            <tbody>
              {reviews.map((r) => (
                <tr key={r.id} className="border-b align-top">
                  <td className="whitespace-nowrap p-2">{formatJst(r.reviewedAt)}</td>
                  <td className="p-2">{r.reviewerName}</td>
                  <td className="p-2">{t(`auditReview.recent.scopes.${r.scope}`)}</td>
                  <td className="p-2">
                    {r.day ? (
                      <Link className="underline" href={`/audit/reviews?${new URLSearchParams({ day: r.day, ...(r.filterAction ? { action: r.filterAction } : {}), ...(r.filterOutcome ? { outcome: r.filterOutcome } : {}), ...(r.filterHighRisk ? { highRisk: "1" } : {}) })}`}>
                        {[formatJstDate(r.day), r.filterAction && actionLabel(r.filterAction), r.filterOutcome && t(`audit.outcomes.${r.filterOutcome}` as MessageKey), r.filterHighRisk && t("auditReview.recent.highRisk")].filter(Boolean).join(" / ")}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="p-2">{r.eventCount.toLocaleString("ja-JP")}</td>
                  <td className="break-all p-2">{r.comment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
