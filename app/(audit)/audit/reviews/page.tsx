import Link from "next/link";
import { auditOutcomes } from "@/db/schema/audit";
import { pageQuery } from "@/lib/actions/web";
import { reviewPageInput, type ReviewFilter, type ReviewPageInput } from "@/lib/audit/review-schemas";
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

/** The filter and page from the address; anything malformed falls back to today, unfiltered. */
function filterOf(params: Params): ReviewPageInput {
  const parsed = reviewPageInput.safeParse({
    day: one(params.day) || jstDate(new Date()),
    action: one(params.action) || undefined,
    outcome: one(params.outcome) || undefined,
    highRiskOnly: ["1", "true", "on"].includes(one(params.highRisk) ?? ""),
    page: one(params.page) || undefined,
  });
  return parsed.success ? parsed.data : { day: jstDate(new Date()), highRiskOnly: false, page: 1 };
}

/** The review page's address for a filter (and a page past the first). */
function reviewHref(filter: ReviewFilter, page = 1): string {
  const params = new URLSearchParams({
    day: filter.day,
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
    ...(filter.highRiskOnly ? { highRisk: "1" } : {}),
    ...(page > 1 ? { page: String(page) } : {}),
  });
  return `/audit/reviews?${params}`;
}

/** The page numbers to link: the first, the last and two either side of the current one; null is a gap. */
function pageNumbers(page: number, pages: number): Array<number | null> {
  const out: Array<number | null> = [];
  for (let p = 1; p <= pages; p++) {
    if (p === 1 || p === pages || Math.abs(p - page) <= 2) out.push(p);
    else if (out.at(-1) !== null) out.push(null);
  }
  return out;
}

/** Daily review: one JST day's events under a filter, reviewed chosen or all at once. */
export default async function ReviewsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const result = await pageQuery(reviewsQuery, filterOf(await searchParams));
  const { t } = await getT();
  if (!result.ok) return <FormMessage kind="error">{result.message}</FormMessage>;
  const { filter, total, unreviewed, events, reviews, page, pages, pageSize } = result.data;
  const dayLabel = formatJstDate(filter.day);
  const paging =
    pages > 1 ? (
      <nav aria-label={t("auditReview.paging.label")} className="flex flex-wrap items-center gap-2 text-sm" data-testid="review-paging">
        <span className="text-slate-600">{t("auditReview.paging.range", { total, from: (page - 1) * pageSize + 1, to: (page - 1) * pageSize + events.length })}</span>
        {page > 1 && (
          <Link className="btn-secondary" href={reviewHref(filter, page - 1)}>
            {t("auditReview.paging.previous")}
          </Link>
        )}
        <ul className="flex flex-wrap items-center gap-1">
          {pageNumbers(page, pages).map((p, i) =>
            p === null ? (
              <li key={`gap-${i}`} aria-hidden="true">
                …
              </li>
            ) : (
              <li key={p}>
                <Link
                  className={`inline-block min-w-8 rounded px-2 py-1 text-center ${p === page ? "bg-slate-800 font-semibold text-white" : "underline"}`}
                  href={reviewHref(filter, p)}
                  aria-label={t("auditReview.paging.page", { page: p })}
                  aria-current={p === page ? "page" : undefined}
                >
                  {p}
                </Link>
              </li>
            ),
          )}
        </ul>
        {page < pages && (
          <Link className="btn-secondary" href={reviewHref(filter, page + 1)}>
            {t("auditReview.paging.next")}
          </Link>
        )}
      </nav>
    ) : null;
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
      {events.length > 0 && (
        <>
          <ReviewEventsForm rows={events} caption={t("auditReview.caption", { day: dayLabel, page, pages })} paging={paging} />
          <ReviewDayForm filter={filter} dayLabel={dayLabel} total={total} pages={pages} />
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
                      <Link className="underline" href={reviewHref({ day: r.day, action: (r.filterAction ?? undefined) as ReviewFilter["action"], outcome: (r.filterOutcome ?? undefined) as ReviewFilter["outcome"], highRiskOnly: r.filterHighRisk })}>
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
