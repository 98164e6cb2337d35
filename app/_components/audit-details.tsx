import Link from "next/link";
import { detailLine, fieldLabel, sayValue, type DetailField } from "@/lib/audit/details";
import type { Translate } from "@/lib/i18n/translate";

/**
 * An event's details as an auditor reads them (lib/audit/details.ts): labelled fields in words,
 * each value that names a token, customer, staff member or request leading to its events.
 * `links` off where the reader cannot follow them (a desk role's own history).
 */
export function AuditDetailList({ fields, t, links = true, className = "" }: { fields: DetailField[]; t: Translate; links?: boolean; className?: string }) {
  if (!fields.length) return <span>—</span>;
  return (
    <dl className={`grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 ${className}`}>
      {fields.map((f) => (
        <div key={f.path.join(".")} className="contents">
          <dt className="text-slate-600">{fieldLabel(f, t)}</dt>
          <dd className="break-words">
            {links && f.href ? (
              <Link className="underline" href={f.href}>
                {sayValue(f.value, t)}
              </Link>
            ) : (
              sayValue(f.value, t)
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The details in one line that never wraps: cut with an ellipsis where the cell ends (the whole on the event page). */
export function AuditDetailSummary({ fields, t }: { fields: DetailField[]; t: Translate }) {
  const line = detailLine(fields, t);
  return (
    <span className="block max-w-xs truncate whitespace-nowrap" data-testid="details-summary">
      {line || "—"}
    </span>
  );
}
