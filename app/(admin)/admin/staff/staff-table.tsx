"use client";

import { useActionState, useState } from "react";
import { createColumnHelper } from "@tanstack/react-table";
import type { StaffListRow, StaffStatus } from "@/lib/staff/queries";
import { staffRoles } from "@/lib/staff/roles";
import { formatJst } from "@/lib/time/format";
import { DataTable, type GridFeatures } from "@/app/_components/data-table";
import { Field, FormMessage, SelectField, SubmitButton, useFormFeedback } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { manageStaffAction, type ManageOp } from "./actions";

const helper = createColumnHelper<GridFeatures, StaffListRow>();

const opActions = {
  changeRole: "staff.change_role",
  disable: "staff.disable",
  enable: "staff.enable",
  unlock: "staff.unlock",
  resetMfa: "staff.reset_mfa",
} as const satisfies Record<ManageOp, string>;

const statusStyle: Record<StaffStatus, string> = {
  active: "bg-emerald-100 text-emerald-800",
  disabled: "bg-slate-200 text-slate-700",
  locked: "bg-red-100 text-red-800",
  mfaPending: "bg-amber-100 text-amber-900",
};

export function StaffTable({ rows, currentStaffId }: { rows: StaffListRow[]; currentStaffId: string | null }) {
  const t = useT();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [filter, setFilter] = useState("");
  const selected = rows.find((r) => r.id === selectedId) ?? null;
  const needle = filter.trim().toLowerCase();
  const shown = needle ? rows.filter((r) => r.loginId.includes(needle) || r.displayName.toLowerCase().includes(needle)) : rows;
  const columns = [
    helper.accessor("loginId", { header: t("staff.columns.loginId"), cell: (c) => <span className="font-mono">{c.getValue()}</span> }),
    helper.accessor("displayName", { header: t("staff.columns.displayName") }),
    helper.accessor("role", { header: t("staff.columns.role"), cell: (c) => t(`roles.${c.getValue()}`) }),
    helper.accessor("status", {
      header: t("staff.columns.status"),
      cell: (c) => <span className={`badge ${statusStyle[c.getValue()]}`}>{t(`staff.status.${c.getValue()}`)}</span>,
    }),
    helper.accessor("lastSignInAt", { header: t("staff.columns.lastSignIn"), cell: (c) => formatJst(c.getValue()) }),
    helper.display({
      id: "actions",
      header: t("staff.columns.actions"),
      cell: (c) =>
        c.row.original.id === currentStaffId ? null : (
          <button type="button" className="btn-secondary" onClick={() => setSelectedId(c.row.original.id)} aria-label={`${t("staff.manage.open")}: ${c.row.original.loginId}`}>
            {t("staff.manage.open")}
          </button>
        ),
    }),
  ];
  return (
    <>
      <label className="flex max-w-sm flex-col gap-1 text-sm">
        <span className="font-medium">{t("staff.filter")}</span>
        <input type="search" className="input" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      <DataTable caption={t("staff.listCaption")} columns={columns} data={shown} getRowId={(r) => r.id} testId="staff-table" />
      {selected && <ManagePanel key={selected.id} member={selected} onClose={() => setSelectedId(null)} />}
    </>
  );
}

function ManagePanel({ member, onClose }: { member: StaffListRow; onClose: () => void }) {
  const t = useT();
  const [state, action] = useActionState(manageStaffAction, null);
  const { ref, errors, values, key } = useFormFeedback(state);
  // Disabling ends the member's sessions at once: the button first asks, naming them.
  const [confirmDisable, setConfirmDisable] = useState(false);
  const opLabel = (op: ManageOp | undefined) => (op ? t(`actions.${opActions[op]}`) : "");
  return (
    <section aria-labelledby="manage-title" className="card space-y-3 border-brand-500">
      <div className="flex items-center justify-between">
        <h2 id="manage-title" className="text-lg font-semibold">
          {t("staff.manage.title", { name: member.displayName, loginId: member.loginId })}
        </h2>
        <button type="button" className="btn-secondary" onClick={onClose}>
          {t("staff.manage.close")}
        </button>
      </div>
      {state && !state.ok && <FormMessage kind="error" focusKey={key}>{state.message}</FormMessage>}
      {state?.ok && <FormMessage kind="success" focusKey={key}>{t("staff.manage.done", { action: opLabel(state.op) })}</FormMessage>}
      <form ref={ref} action={action} className="grid gap-3 sm:grid-cols-2" key={key}>
        <input type="hidden" name="staffId" value={member.id} />
        <Field label={t("staff.manage.reason")} name="reason" hint={t("staff.manage.reasonHint")} errors={errors?.reason} defaultValue={values.reason} required minLength={4} maxLength={200} className="input sm:col-span-2" />
        <SelectField label={t("staff.manage.newRole")} name="role" defaultValue={values.role ?? member.role} errors={errors?.role} options={staffRoles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        <div className="flex items-end">
          <SubmitButton className="btn-primary" name="op" value="changeRole">
            {t("staff.manage.changeRole")}
          </SubmitButton>
        </div>
        <div className="flex flex-wrap gap-2 sm:col-span-2">
          {member.status === "disabled" ? (
            <SubmitButton className="btn-secondary" name="op" value="enable">
              {t("staff.manage.enable")}
            </SubmitButton>
          ) : confirmDisable ? (
            <div role="group" aria-labelledby="confirm-disable" className="flex flex-wrap items-center gap-2 rounded-md border border-red-300 bg-red-50 px-3 py-2">
              <span id="confirm-disable" className="text-sm text-red-900">
                {t("staff.manage.confirmDisable", { name: member.displayName, loginId: member.loginId })}
              </span>
              <SubmitButton className="btn-danger" name="op" value="disable">
                {t("staff.manage.confirmDisableYes")}
              </SubmitButton>
              <button type="button" className="btn-secondary" onClick={() => setConfirmDisable(false)}>
                {t("staff.manage.cancel")}
              </button>
            </div>
          ) : (
            <button type="button" className="btn-danger" onClick={() => setConfirmDisable(true)}>
              {t("staff.manage.disable")}
            </button>
          )}
          {member.status === "locked" && (
            <SubmitButton className="btn-secondary" name="op" value="unlock">
              {t("staff.manage.unlock")}
            </SubmitButton>
          )}
          <SubmitButton className="btn-secondary" name="op" value="resetMfa">
            {t("staff.manage.resetMfa")}
          </SubmitButton>
        </div>
        <p className="text-xs text-slate-500 sm:col-span-2">{t("staff.manage.resetMfaHint")}</p>
      </form>
    </section>
  );
}
