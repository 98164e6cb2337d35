import Link from "next/link";
import { queryAsCurrentStaff } from "@/lib/actions/web";
import { overdueReviewsQuery } from "@/lib/audit/workspace-queries";
import { getT } from "@/lib/i18n/server";
import { formatJstDate } from "@/lib/time/format";
import { FormMessage } from "@/app/_components/form";
import { ReviewEventsTable } from "@/app/(audit)/audit/reviews/review-forms";

/** The auditor's home panel: high-risk events still unreviewed a working day after they happened. */
export async function OverdueReviews() {
  const result = await queryAsCurrentStaff(overdueReviewsQuery, {});
  const { t } = await getT();
  return (
    <section aria-labelledby="overdue-title" className={`card space-y-3 ${result.ok && result.data.total ? "border-l-4 border-l-red-600" : ""}`} data-testid="overdue-reviews">
      <h2 id="overdue-title" className="text-lg font-semibold">
        {t("auditReview.overdue.title")}
      </h2>
      {!result.ok ? (
        <FormMessage kind="error">{result.message}</FormMessage>
      ) : result.data.total === 0 ? (
        <p className="text-sm">{t("auditReview.overdue.none")}</p>
      ) : (
        <>
          <p className="text-sm font-medium text-red-800">{t("auditReview.overdue.summary", { total: result.data.total })}</p>
          <nav aria-label={t("auditReview.overdue.days")}>
            <ul className="flex flex-wrap gap-2 text-sm">
              {result.data.days.map((d) => (
                <li key={d.day}>
                  <Link className="underline" href={`/audit/reviews?day=${d.day}&highRisk=1`}>
                    {t("auditReview.overdue.dayLink", { day: formatJstDate(d.day), count: d.count })}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="overflow-x-auto">
            <ReviewEventsTable rows={result.data.events} caption={t("auditReview.overdue.caption")} selectable={false} />
          </div>
        </>
      )}
    </section>
  );
}
