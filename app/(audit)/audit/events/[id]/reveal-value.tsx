"use client";

import { Field, FormMessage, SubmitButton, useFormAction } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { revealValueAction } from "../../explorer-actions";

/** One masked value; an auditor may reveal it with a reason (recorded as its own audit event). */
export function RevealValue({ eventId, field, label, masked, canReveal }: { eventId: number; field: string; label: string; masked: string; canReveal: boolean }) {
  const t = useT();
  const { state, action } = useFormAction(revealValueAction);
  const revealed = state?.ok ? state.data.value : null;
  return (
    <div className="space-y-1 text-sm">
      <p>
        <span className="font-medium">{label}</span>: <span className="font-mono" data-testid={`value-${field}`}>{revealed ?? masked}</span>
        {revealed && <span className="ml-2 text-xs text-slate-600">{t("auditExplorer.detail.revealed")}</span>}
      </p>
      {canReveal && !revealed && (
        <form action={action} className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="eventId" value={String(eventId)} />
          <input type="hidden" name="field" value={field} />
          <Field label={t("auditExplorer.detail.revealReason")} name="reason" errors={state && !state.ok ? state.fieldErrors?.reason : undefined} defaultValue={state?.values?.reason as string | undefined} key={state?.attempt} />
          <SubmitButton className="btn-secondary">{t("auditExplorer.detail.reveal")}</SubmitButton>
        </form>
      )}
      {state && !state.ok && !state.fieldErrors?.reason && <FormMessage kind="error">{state.message}</FormMessage>}
    </div>
  );
}
