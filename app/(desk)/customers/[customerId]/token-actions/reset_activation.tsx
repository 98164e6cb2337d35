"use client";

import { useEffect, useRef } from "react";
import { FormMessage, SubmitButton, useFormAction } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { formatJstDate } from "@/lib/time/format";
import { DeskChangeFields } from "../desk-change-fields";
import { resetActivationFormAction } from "./activation-actions";
import { CounterSlip } from "./counter-slip";
import type { TokenActionFormProps } from "./types";

/**
 * 利用開始パスワード再発行. After a phone check the password goes by post and this form only says
 * so; after a counter check the slip is shown once for the teller to print.
 */
export function ResetActivationForm({ customerId, token, verificationMethod, onDone, onClose }: TokenActionFormProps) {
  const t = useT();
  const { state, action, ref, errors, values, key } = useFormAction(resetActivationFormAction);
  const handled = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!state?.ok || state.data.slipPdf || handled.current === state.attempt) return;
    handled.current = state.attempt;
    onDone(t("activationDesk.reset.doneLetter", { date: formatJstDate(state.data.activationDeadline) }));
  }, [state, onDone, t]);

  // The slip lives only in this form's action state: closing it calls onDone, the panel unmounts
  // the form, and the bytes go with it.
  if (state?.ok && state.data.slipPdf) {
    const message = t("activationDesk.reset.doneSlip", { date: formatJstDate(state.data.activationDeadline) });
    return <CounterSlip pdfBase64={state.data.slipPdf} onClosed={() => onDone(message)} />;
  }
  return (
    <form key={key} ref={ref} action={action} className="space-y-3 border-t border-slate-200 pt-3" aria-labelledby={`reset-${token.id}`} data-testid="reset-activation-form">
      <h4 id={`reset-${token.id}`} className="font-semibold">
        {t("activationDesk.reset.title")}
      </h4>
      <p className="text-sm text-slate-700">{verificationMethod === "in_person" ? t("activationDesk.reset.introSlip") : t("activationDesk.reset.introLetter")}</p>
      {state && !state.ok && <FormMessage kind="error" focusKey={key}>{state.message}</FormMessage>}
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="tokenId" value={token.id} />
      <DeskChangeFields errors={errors} values={values} />
      <div className="flex gap-2">
        <SubmitButton>{t("activationDesk.reset.submit")}</SubmitButton>
        <button type="button" className="btn-secondary" onClick={onClose}>
          {t("activationDesk.cancel")}
        </button>
      </div>
    </form>
  );
}
