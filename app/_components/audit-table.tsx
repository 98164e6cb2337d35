"use client";

import { createColumnHelper } from "@tanstack/react-table";
import type { AuditRow } from "@/lib/audit/query";
import { formatJst } from "@/lib/time/format";
import type { MessageKey } from "@/lib/i18n/translate";
import { DataTable, type GridFeatures } from "./data-table";
import { useT } from "./i18n";
import { outcomeStyle } from "@/app/_components/outcome-style";
import { AuditDetailList } from "./audit-details";

const helper = createColumnHelper<GridFeatures, AuditRow>();


/** Audit events as a grid; `compact` hides the columns a staff member's own history does not need. */
export function AuditTable({ rows, caption, compact = false }: { rows: AuditRow[]; caption: string; compact?: boolean }) {
  const t = useT();
  const label = (key: string) => {
    const text = t(key as MessageKey);
    return text === key ? null : text;
  };
  const columns = [
    helper.accessor("seq", {
      header: t("audit.columns.seq"),
      cell: (c) => c.getValue() ?? <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600" data-testid="unsealed">{t("audit.unsealed")}</span>,
    }),
    helper.accessor("occurredAt", { header: t("audit.columns.occurredAt"), cell: (c) => <span className="whitespace-nowrap">{formatJst(c.getValue())}</span> }),
    ...(compact
      ? []
      : [
          helper.accessor("actorName", {
            header: t("audit.columns.actor"),
            cell: (c) => {
              const row = c.row.original;
              return (
                <span>
                  {row.actorType === "staff" ? (row.actorName ?? "—") : (label(`audit.actorTypes.${row.actorType}`) ?? t("audit.anonymous"))}
                  {(row.actorType === "api_client" || row.actorType === "system") && row.actorName && <span className="ml-1">{row.actorName}</span>}
                  {row.actorType === "staff" && row.actorRole && <span className="ml-1 whitespace-nowrap text-xs text-slate-500">({label(`roles.${row.actorRole}`) ?? "—"})</span>}
                </span>
              );
            },
          }),
        ]),
    helper.accessor("action", { header: t("audit.columns.action"), cell: (c) => label(`actions.${c.getValue()}`) ?? c.getValue() }),
    helper.accessor("outcome", {
      header: t("audit.columns.outcome"),
      cell: (c) => <span className={`badge ${outcomeStyle[c.getValue()] ?? ""}`}>{label(`audit.outcomes.${c.getValue()}`) ?? "—"}</span>,
    }),
    helper.accessor("target", { header: t("audit.columns.target"), cell: (c) => <span className="font-mono text-xs">{c.getValue() ?? "—"}</span> }),
    ...(compact ? [] : [helper.accessor("channel", { header: t("audit.columns.channel"), cell: (c) => label(`audit.channels.${c.getValue()}`) ?? "—" })]),
    helper.accessor("details", {
      header: t("audit.columns.details"),
      enableSorting: false,
      cell: (c) => (
        <div className="max-w-md space-y-0.5 text-xs">
          {c.row.original.reason && (
            <p>
              <span className="text-slate-600">{t("audit.fields.reason")}: </span>
              {c.row.original.reason}
            </p>
          )}
          {/* A desk role's own history: the explorer's links are the auditor's, so words only. */}
          {c.getValue().length > 0 && <AuditDetailList fields={c.getValue()} t={t} links={false} />}
        </div>
      ),
    }),
  ];
  return <DataTable caption={caption} columns={columns} data={rows} getRowId={(r) => String(r.id)} testId="audit-table" />;
}
