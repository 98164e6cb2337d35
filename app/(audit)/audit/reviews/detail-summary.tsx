"use client";

import { useT } from "@/app/_components/i18n";
import { detailLine, readDetails } from "@/lib/audit/details";

/** How many recorded facts a review row shows; the event page shows them all. */
const SHOWN = 4;

/**
 * One review row's recorded facts in a line: the first few, labelled, and how many more the event
 * page holds. The only place the review list reads an event's details, so a typed reader of the
 * vocabulary's shapes can replace this body alone.
 */
export function DetailSummary({ action, outcome, details }: { action: string; outcome: string; details: Record<string, unknown> }) {
  const t = useT();
  const fields = readDetails(action, outcome, details);
  if (fields.length === 0) return <>—</>;
  const more = fields.length - SHOWN;
  return (
    <span className="text-xs text-slate-600">
      {detailLine(fields.slice(0, SHOWN), t, " / ")}
      {more > 0 && <span className="ml-1 whitespace-nowrap">{t("auditReview.moreDetails", { count: more })}</span>}
    </span>
  );
}
