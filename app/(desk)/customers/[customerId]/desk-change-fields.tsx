"use client";

import { useState } from "react";
import { Field, TextAreaField } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";

/**
 * The fields every desk change carries: why (required, kept in the audit log), the call memo and
 * the ticket number (optional), and the form's request key, fixed for as long as this form is
 * shown, so a double click or a resent form changes things once.
 */
export function DeskChangeFields({ errors, values, reason = true }: { errors?: Record<string, string[]>; values: Record<string, string>; reason?: boolean }) {
  const t = useT();
  const [requestKey] = useState(() => crypto.randomUUID());
  return (
    <>
      <input type="hidden" name="requestKey" value={requestKey} />
      {reason && <Field label={t("deskChange.reason")} name="reason" hint={t("deskChange.reasonHint")} required minLength={4} maxLength={200} defaultValue={values.reason} errors={errors?.reason} />}
      <TextAreaField label={t("deskChange.memo")} name="memo" hint={t("deskChange.memoHint")} maxLength={500} rows={2} defaultValue={values.memo} errors={errors?.memo} />
      <Field label={t("deskChange.ticket")} name="ticket" hint={t("deskChange.ticketHint")} maxLength={40} defaultValue={values.ticket} errors={errors?.ticket} className="input max-w-xs" />
    </>
  );
}
