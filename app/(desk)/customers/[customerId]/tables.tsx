"use client";

import { createColumnHelper } from "@tanstack/react-table";
import type { TokenSummary } from "@/lib/customers/tokens";
import type { MessageKey } from "@/lib/i18n/translate";
import { formatJst, formatJstDate } from "@/lib/time/format";
import { DataTable, type GridFeatures } from "@/app/_components/data-table";
import { useT } from "@/app/_components/i18n";

const tokenHelper = createColumnHelper<GridFeatures, TokenSummary>();

const statusStyle: Record<string, string> = {
  active: "bg-emerald-100 text-emerald-800",
  pending_activation: "bg-sky-100 text-sky-800",
  revoked: "bg-slate-200 text-slate-700",
};

export function TokensTable({ rows }: { rows: TokenSummary[] }) {
  const t = useT();
  const columns = [
    tokenHelper.accessor("serial", {
      header: t("customers.view.tokenColumns.serial"),
      cell: (c) => (
        <span className="whitespace-nowrap font-mono">
          {c.getValue()}
          {!c.row.original.current && <span className="badge ml-1 bg-slate-100 font-normal text-slate-600">{t("customers.view.past")}</span>}
        </span>
      ),
    }),
    tokenHelper.accessor((r) => `${r.serviceId} / ${r.userId}`, { id: "ids", header: t("customers.view.tokenColumns.ids"), cell: (c) => <span className="whitespace-nowrap font-mono">{c.getValue()}</span> }),
    tokenHelper.accessor("kind", { header: t("customers.view.tokenColumns.kind"), cell: (c) => t(`customers.view.kinds.${c.getValue()}`) }),
    tokenHelper.accessor("status", {
      header: t("customers.view.tokenColumns.status"),
      cell: (c) => {
        const r = c.row.original;
        return (
          <div className="space-y-0.5" data-testid={`token-status-${r.serial}`}>
            <span className={`badge ${statusStyle[r.status] ?? "bg-amber-100 text-amber-900"}`}>{t(`customers.tokenStatus.${r.status}`)}</span>
            {r.revokeReason && <span className="ml-1 text-xs whitespace-nowrap text-slate-600">（{t(`customers.revokeReasons.${r.revokeReason}` as MessageKey)}）</span>}
            <p className="max-w-xs text-xs text-slate-600">{t(`customers.tokenStatusSay.${r.status}`)}</p>
          </div>
        );
      },
    }),
    tokenHelper.accessor("issuedAt", { header: t("customers.view.tokenColumns.issuedAt"), cell: (c) => <span className="whitespace-nowrap">{formatJstDate(c.getValue())}</span> }),
    tokenHelper.accessor("activatedAt", { header: t("customers.view.tokenColumns.activatedAt"), cell: (c) => <span className="whitespace-nowrap">{formatJstDate(c.getValue())}</span> }),
    tokenHelper.accessor("expiresAt", { header: t("customers.view.tokenColumns.expiresAt"), cell: (c) => <span className="whitespace-nowrap">{formatJstDate(c.getValue())}</span> }),
    tokenHelper.accessor("renewal", {
      header: t("customers.view.tokenColumns.renewal"),
      cell: (c) => <span className="whitespace-nowrap" data-testid="token-renewal">{t(`customers.view.renewal.${c.getValue()}`, { date: formatJstDate(c.row.original.renewalFrom), days: c.row.original.daysToExpiry })}</span>,
    }),
    tokenHelper.accessor((r) => r.activationFailures + r.otpFailures, {
      id: "failures",
      header: t("customers.view.tokenColumns.failures"),
      cell: (c) => <span>{t("customers.view.failures", { activation: c.row.original.activationFailures, otp: c.row.original.otpFailures })}</span>,
    }),
    tokenHelper.accessor("lastUsedAt", { header: t("customers.view.tokenColumns.lastUsedAt"), cell: (c) => <span className="whitespace-nowrap">{formatJst(c.getValue())}</span> }),
  ];
  return <DataTable caption={t("customers.view.tokensCaption")} columns={columns} data={rows} getRowId={(r) => r.id} testId="customer-tokens" />;
}
