"use client";

import { useT } from "@/app/_components/i18n";
import { detailFields } from "@/lib/audit/details";
import type { MessageKey } from "@/lib/i18n/translate";

/** How many recorded facts a review row shows; the event page shows them all. */
const SHOWN = 4;

/**
 * One review row's recorded facts in a line: the first few, labelled, and how many more the event
 * page holds. The only place the review list reads an event's details, so a typed reader of the
 * vocabulary's shapes can replace this body alone.
 */
export function DetailSummary({ details }: { action: string; details: Record<string, unknown> }) {
  const t = useT();
  const label = (key: string, fallback: string) => {
    const text = t(key as MessageKey);
    return text === key ? fallback : text;
  };
  const fields = detailFields(details);
  if (fields.length === 0) return <>—</>;
  const shown = fields.slice(0, SHOWN).map((f) => `${f.path.split(".").map((part) => label(`audit.fields.${part}`, part)).join(" › ")}: ${f.value}`);
  const more = fields.length - SHOWN;
  return (
    <span className="text-xs text-slate-600">
      {shown.join(" / ")}
      {more > 0 && <span className="ml-1 whitespace-nowrap">{t("auditReview.moreDetails", { count: more })}</span>}
    </span>
  );
}
