"use client";

import { Field, FormMessage, useFormAction } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { formatJstDate } from "@/lib/time/format";
import { CounterSlip } from "./counter-slip";
import { LifecycleForm, SubmitButton, useDone } from "./lifecycle-form";
import { exchangeTokenFormAction } from "./lost-phone-actions";
import type { TokenActionFormProps } from "./types";

/**
 * 交換, the old phone in hand: the caller reads its current code; the new token is issued beside
 * the old one, which keeps working until the new one is activated. The code is cleared after
 * every submission.
 */
export function ExchangeForm({ customerId, token, onDone, onClose }: TokenActionFormProps) {
  const t = useT();
  const { state, action, ref, errors, values, key } = useFormAction(exchangeTokenFormAction);
  const data = state?.ok ? state.data : null;
  useDone(data?.ok && !data.slipPdf ? t("exchange.doneLetter", { serial: data.serial, oldSerial: data.oldSerial, date: formatJstDate(data.activationDeadline) }) : null, onDone);
  if (data?.ok && data.slipPdf) {
    const message = t("exchange.doneSlip", { serial: data.serial, oldSerial: data.oldSerial, date: formatJstDate(data.activationDeadline) });
    return <CounterSlip pdfBase64={data.slipPdf} onClosed={() => onDone(message)} />;
  }
  const refused = data && !data.ok ? (data.lockedNow ? t("exchange.lockedNow") : t("exchange.refused", { count: data.otpFailures })) : null;
  return (
    <LifecycleForm customerId={customerId} token={token} onClose={onClose} formRef={ref} action={action} formKey={key} title={t("exchange.title")}
      intro={
        <>
          <p className="text-sm text-slate-700">{t("exchange.intro")}</p>
          {refused && <FormMessage kind="error" focusKey={key}>{refused}</FormMessage>}
        </>
      }
      error={state && !state.ok ? state.message : null} errors={errors} values={values}
      submit={<SubmitButton>{t("exchange.submit")}</SubmitButton>}
    >
      <Field label={t("exchange.otp")} name="otp" inputMode="numeric" autoComplete="off" required maxLength={16} errors={errors?.otp} className="input max-w-xs font-mono" />
    </LifecycleForm>
  );
}
