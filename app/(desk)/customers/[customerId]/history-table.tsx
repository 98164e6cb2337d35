"use client";

import { useTransition } from "react";
import { usePathname, useRouter } from "next/navigation";
import { createColumnHelper } from "@tanstack/react-table";
import type { DeskHistoryLine, DeskHistoryPage } from "@/lib/customers/history";
import type { MessageKey } from "@/lib/i18n/translate";
import { formatJst } from "@/lib/time/format";
import { ServerDataTable, type ServerGridFeatures } from "@/app/_components/server-data-table";
import { useT } from "@/app/_components/i18n";

const helper = createColumnHelper<ServerGridFeatures, DeskHistoryLine>();

/**
 * The call history on the customer page. Its pages are the page's own address
 * (?historyPage=2&historyAsOf=…): each is read by the audited customer view, and the first page is
 * always the latest.
 */
export function CustomerHistory({ history }: { history: DeskHistoryPage }) {
  const router = useRouter();
  const pathname = usePathname();
  const [busy, startTransition] = useTransition();
  const go = (pageIndex: number) => {
    const page = pageIndex + 1;
    const query = page > 1 && history.asOf ? `?historyPage=${page}&historyAsOf=${history.asOf}` : "";
    startTransition(() => router.push(`${pathname}${query}`, { scroll: false }));
  };
  return <HistoryTable history={history} onPageChange={go} busy={busy} />;
}

/** One page of lines, in the order the server made them (newest first): nothing to sort here. */
export function HistoryTable({ history, onPageChange, busy }: { history: DeskHistoryPage; onPageChange(pageIndex: number): void; busy?: boolean }) {
  const t = useT();
  const label = (key: string) => {
    const text = t(key as MessageKey);
    return text === key ? key.split(".").slice(1).join(".") : text;
  };
  const columns = [
    helper.accessor("occurredAt", { header: t("customers.view.historyColumns.occurredAt"), enableSorting: false, cell: (c) => <span className="whitespace-nowrap">{timeSpan(c.row.original)}</span> }),
    helper.accessor("action", {
      header: t("customers.view.historyColumns.action"),
      enableSorting: false,
      cell: (c) => {
        const r = c.row.original;
        const action = label(`actions.${r.action}`);
        return r.count > 1 ? t("customers.view.historyFolded", { action, count: r.count }) : action;
      },
    }),
    helper.accessor("outcome", { header: t("customers.view.historyColumns.outcome"), enableSorting: false, cell: (c) => label(`audit.outcomes.${c.getValue()}`) }),
    helper.accessor((r) => actorLabel(r, label, t), { id: "actor", header: t("customers.view.historyColumns.actor"), enableSorting: false }),
    helper.display({
      id: "notes",
      header: t("customers.view.historyColumns.notes"),
      cell: (c) => {
        const r = c.row.original;
        const appError = r.appError ? (r.lockedNow ? t("customers.view.historyAppErrorLocked", { code: r.appError }) : r.appError) : null;
        const notes = ([["reason", r.reason], ["memo", r.memo], ["ticket", r.ticket]] as const).filter(([, v]) => v).map(([field, value]) => [t(`audit.fields.${field}`), value] as const);
        if (appError) notes.push([t("customers.view.historyAppError"), appError]);
        if (!notes.length) return "—";
        return (
          <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs">
            {notes.map(([term, value]) => (
              <div key={term} className="contents">
                <dt className="text-slate-600">{term}</dt>
                <dd className="whitespace-pre-line">{value}</dd>
              </div>
            ))}
          </dl>
        );
      },
    }),
  ];
  return (
    <ServerDataTable
      caption={t("customers.view.historyCaption")}
      columns={columns}
      rows={history.lines}
      total={history.total}
      pageIndex={history.page - 1}
      pageSize={history.pageSize}
      sorting={[]}
      onSortingChange={() => {}}
      onPageChange={onPageChange}
      getRowId={(r) => String(r.id)}
      busy={busy}
      testId="customer-history"
    />
  );
}

/** 2026/11/22 14:05, or for folded reads 2026/11/22 14:05〜14:32 (the end's date only when it differs). */
function timeSpan(r: DeskHistoryLine): string {
  const end = formatJst(r.occurredAt);
  if (r.count < 2) return end;
  const start = formatJst(r.firstAt);
  if (start === end) return end;
  return `${start}〜${start.slice(0, 10) === end.slice(0, 10) ? end.slice(11) : end}`;
}

/**
 * Who acted, in words: a staff member by name and role, the customer through their app (the API
 * client it came through), a system job by what it does.
 */
function actorLabel(r: DeskHistoryLine, label: (key: string) => string, t: ReturnType<typeof useT>): string {
  switch (r.actorType) {
    case "staff":
      return t("customers.view.historyActor.staff", { name: r.actorName ?? t("customers.view.historyActor.unknownStaff"), role: r.actorRole ? label(`roles.${r.actorRole}`) : "—" });
    case "api_client":
      return r.actorName ? t("customers.view.historyActor.customerApp", { client: r.actorName }) : t("customers.view.historyActor.customerAppUnknown");
    case "system": {
      const job = r.actorName ? t(`customers.view.systemJobs.${r.actorName}` as MessageKey) : null;
      return job && job !== `customers.view.systemJobs.${r.actorName}` ? t("customers.view.historyActor.system", { job }) : label("audit.actorTypes.system");
    }
    default:
      return label(`audit.actorTypes.${r.actorType}`);
  }
}
