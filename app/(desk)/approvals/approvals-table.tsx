"use client";

import { createContext, useContext, useState } from "react";
import { createColumnHelper } from "@tanstack/react-table";
import type { QueueRow } from "@/lib/approvals/queries";
import { formatJst } from "@/lib/time/format";
import { DataTable, type GridFeatures } from "@/app/_components/data-table";
import { FormMessage, SubmitButton, useFormAction } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { DeskChangeFields } from "@/app/(desk)/customers/[customerId]/desk-change-fields";
import { decisionLine } from "@/lib/approvals/decision-line";
import { decideFormAction } from "./actions";

const helper = createColumnHelper<GridFeatures, QueueRow>();

/** Age in whole minutes from when the request was filed to the time the page was drawn. */
function ageOf(createdAt: string, now: number): { hours: number; minutes: number } {
  const minutes = Math.max(0, Math.floor((now - new Date(createdAt).getTime()) / 60_000));
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

type Decide = ReturnType<typeof useDecide>;
const useDecide = () => useFormAction(decideFormAction);
const DecideContext = createContext<Decide | null>(null);

/**
 * The queue and what was last decided from it. A decided request leaves the list in the same
 * redraw that brings the decision's result, so the result lives here, above the rows: the line
 * saying what was decided for whom stays (and has the focus) until the next decision, also when
 * the queue is now empty. A refusal stays beside the row it was about.
 */
export function ApprovalsQueue({ rows }: { rows: QueueRow[] }) {
  const t = useT();
  const decide = useDecide();
  const { state, key } = decide;
  const failedRow = state && !state.ok ? state.values?.requestId : undefined;
  const orphan = state && !state.ok && !rows.some((row) => row.id === failedRow);
  return (
    <DecideContext value={decide}>
      {state?.ok && (
        <FormMessage kind="success" focusKey={key} testId="approvals-decided">
          {decisionLine(t, state.data)}
        </FormMessage>
      )}
      {orphan && (
        <FormMessage kind="error" focusKey={key} testId="approvals-decided">
          {state.message}
        </FormMessage>
      )}
      {rows.length === 0 ? (
        <p className="text-sm" data-testid="approvals-empty">
          {t("approvals.none")}
        </p>
      ) : (
        <ApprovalsTable rows={rows} />
      )}
    </DecideContext>
  );
}

/** The queue, oldest first (the server's order): each row with the requester's evidence and a decision form. */
function ApprovalsTable({ rows }: { rows: QueueRow[] }) {
  const t = useT();
  const [now] = useState(() => Date.now());
  const columns = [
    helper.accessor("createdAt", { header: t("approvals.columns.age"), cell: (c) => <span className="whitespace-nowrap">{t("approvals.age", ageOf(c.getValue(), now))}</span> }),
    helper.accessor("kind", {
      header: t("approvals.columns.kind"),
      cell: (c) => (
        <div>
          <div className="font-medium">{t(`approvals.kinds.${c.getValue()}`)}</div>
          {c.row.original.revokeReason && <div className="text-xs">{t(`replacement.reasons.${c.row.original.revokeReason as "lost"}`)}</div>}
          <div className="text-xs text-slate-600">{t("approvals.reasonSaid", { note: c.row.original.note })}</div>
        </div>
      ),
    }),
    helper.accessor("requesterName", { header: t("approvals.columns.requester"), cell: (c) => <span>{c.getValue()}（{t(`roles.${c.row.original.requesterRole as "operator"}`)}）</span> }),
    helper.accessor("contractId", {
      header: t("approvals.columns.customer"),
      cell: (c) => (
        <a className="underline" href={`/customers/${c.row.original.customerId}`}>
          <span className="whitespace-nowrap font-mono">{c.getValue()}</span> {c.row.original.customerName}
        </a>
      ),
    }),
    helper.accessor((r) => r.serial ?? "—", { id: "serial", header: t("approvals.columns.token"), cell: (c) => <span className="whitespace-nowrap font-mono">{c.getValue()}</span> }),
    helper.accessor("verifiedAt", {
      header: t("approvals.columns.evidence"),
      cell: (c) => t("approvals.evidence", { method: t(`approvals.methods.${c.row.original.verificationMethod}`), at: formatJst(c.getValue()), by: c.row.original.verifiedBy }),
    }),
    helper.accessor((r) => r.riskFlags.length, {
      id: "risk",
      header: t("approvals.columns.risk"),
      cell: (c) =>
        c.row.original.riskFlags.length === 0 ? (
          t("approvals.noRisk")
        ) : (
          <ul className="list-inside list-disc text-amber-900">
            {c.row.original.riskFlags.map((flag) => (
              <li key={flag}>{t(`replacement.risk.${flag}`)}</li>
            ))}
          </ul>
        ),
    }),
    helper.accessor("state", {
      header: t("approvals.columns.state"),
      cell: (c) => (
        <div>
          <span className={`badge ${c.getValue() === "expired" ? "bg-slate-200 text-slate-700" : "bg-amber-100 text-amber-900"}`}>{t(`approvals.states.${c.getValue()}`)}</span>
          <div className="text-xs text-slate-600">{t("approvals.expiresAt", { at: formatJst(c.row.original.expiresAt) })}</div>
        </div>
      ),
    }),
    helper.display({ id: "decide", header: t("approvals.columns.decide"), cell: (c) => <DecideForm row={c.row.original} /> }),
  ];
  return <DataTable caption={t("approvals.caption")} columns={columns} data={rows} getRowId={(r) => r.id} testId="approvals-table" />;
}

function DecideForm({ row }: { row: QueueRow }) {
  const t = useT();
  const { state, action, ref, errors, values, key } = useContext(DecideContext)!;
  if (row.mine) return <p className="text-xs text-slate-600">{t("approvals.own")}</p>;
  if (row.state === "expired") return null;
  // The queue's one action state: a refusal, its field errors and what was typed belong to this row's form only.
  const failed = state && !state.ok && state.values?.requestId === row.id ? state : null;
  return (
    <form key={failed ? key : "decide"} ref={failed ? ref : undefined} action={action} className="min-w-[16rem] space-y-2" aria-label={t("approvals.columns.decide")} data-testid={`decide-${row.contractId}`}>
      {failed && (
        <FormMessage kind="error" focusKey={key}>
          {failed.message}
        </FormMessage>
      )}
      <input type="hidden" name="requestId" value={row.id} />
      <DeskChangeFields errors={failed ? errors : undefined} values={failed ? values : {}} />
      <div className="flex flex-wrap gap-2">
        <SubmitButton name="decision" value="approve">{t("approvals.approve")}</SubmitButton>
        <SubmitButton name="decision" value="reject" className="btn-danger">{t("approvals.reject")}</SubmitButton>
      </div>
    </form>
  );
}
