"use client";

import { useT } from "@/app/_components/i18n";
import { detailLine, type DetailField } from "@/lib/audit/details";

/** How many recorded facts a review row shows; the event page shows them all. */
const SHOWN = 4;

/**
 * One review row's recorded facts in a line, as the server read them (words, names, JST): the
 * first few, and how many more the event page holds.
 */
export function DetailSummary({ fields }: { fields: DetailField[] }) {
  const t = useT();
  if (fields.length === 0) return <>—</>;
  const more = fields.length - SHOWN;
  return (
    <span className="text-xs text-slate-600">
      {detailLine(fields.slice(0, SHOWN), t, " / ")}
      {more > 0 && <span className="ml-1 whitespace-nowrap">{t("auditReview.moreDetails", { count: more })}</span>}
    </span>
  );
}
