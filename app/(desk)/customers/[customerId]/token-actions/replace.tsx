"use client";

import { useState } from "react";
import { SelectField, useFormAction } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { formatJst, formatJstDate } from "@/lib/time/format";
import { replaceReasons } from "@/lib/tokens/replace-reasons";
import { CounterSlip } from "./counter-slip";
import { LifecycleForm, SubmitButton, useDone } from "./lifecycle-form";
import { replaceTokenFormAction } from "./lost-phone-actions";
import type { TokenActionFormProps } from "./types";

/**
 * 再発行. After a phone check it files a request (the old token stops now, a supervisor decides);
 * at the counter it completes, with the slip shown once. Stopping the old token cannot be undone,
 * so the button first asks, naming it. Why this replacement deserves care is shown up front.
 */
export function ReplaceForm({ customerId, token, verificationMethod, riskFlags = [], onDone, onClose }: TokenActionFormProps) {
  const t = useT();
  const { state, action, ref, errors, values, key } = useFormAction(replaceTokenFormAction);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState<string>(values.replaceReason ?? "lost");
  const data = state?.ok ? state.data : null;
  const line = !data
    ? null
    : data.outcome === "requested"
      ? t("replacement.doneRequested", { serial: data.oldSerial, expires: formatJst(data.expiresAt) })
      : data.slipPdf
        ? null
        : t("replacement.doneLetter", { oldSerial: data.oldSerial, serial: data.serial, date: formatJstDate(data.activationDeadline) });
  const carrier = data?.carrierReminder ? ` ${t("replacement.carrier")}` : "";
  useDone(line ? line + carrier : null, onDone);

  if (data?.outcome === "replaced" && data.slipPdf) {
    const facts = { oldSerial: data.oldSerial, serial: data.serial, date: formatJstDate(data.activationDeadline) };
    const message = t("replacement.doneSlip", facts) + carrier;
    return <CounterSlip pdfBase64={data.slipPdf} summary={t("replacement.slipReady", facts) + carrier} onClosed={() => onDone(message)} />;
  }
  const inPerson = verificationMethod === "in_person";
  const confirmId = `replace-confirm-${token.serial}`;
  return (
    <LifecycleForm customerId={customerId} token={token} onClose={onClose} formRef={ref} action={action} formKey={key} title={t("replacement.title")}
      intro={
        <div className="space-y-2 text-sm" data-testid="replace-intro">
          <p className="text-slate-700">{inPerson ? t("replacement.introCounter") : t("replacement.introPhone")}</p>
          {riskFlags.length > 0 && (
            <div role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-950" data-testid="replace-risk">
              <p className="font-semibold">{t("replacement.riskTitle")}</p>
              <ul className="list-inside list-disc">
                {riskFlags.map((flag) => (
                  <li key={flag}>{t(`replacement.risk.${flag}`)}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      }
      error={state && !state.ok ? state.message : null} errors={errors} values={values}
      submit={
        confirming ? (
          <div role="group" aria-labelledby={confirmId} className="flex flex-wrap items-center gap-2 rounded-md border border-red-300 bg-red-50 px-3 py-2">
            <span id={confirmId} className="text-sm text-red-900">
              {t("replacement.confirm", { serial: token.serial, serviceId: token.serviceId })}
            </span>
            <SubmitButton className="btn-danger">{t("replacement.confirmYes")}</SubmitButton>
            <button type="button" className="btn-secondary" onClick={() => setConfirming(false)}>
              {t("replacement.confirmNo")}
            </button>
          </div>
        ) : (
          <button type="button" className="btn-danger" onClick={() => setConfirming(true)}>
            {inPerson ? t("replacement.submitNow") : t("replacement.submitRequest")}
          </button>
        )
      }
    >
      <div onChange={(event) => { const target = event.target as unknown as HTMLSelectElement; if (target.name === "replaceReason") setReason(target.value); }}>
        <SelectField label={t("replacement.replaceReason")} name="replaceReason" defaultValue={reason} errors={errors?.replaceReason}
          options={replaceReasons.map((r) => ({ value: r, label: t(`replacement.reasons.${r}`) }))} />
      </div>
      {(reason === "lost" || reason === "stolen") && (
        <p role="note" className="rounded-md border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-950" data-testid="carrier-reminder">
          {t("replacement.carrier")}
        </p>
      )}
      {inPerson && (
        <SelectField label={t("replacement.delivery")} name="delivery" defaultValue={values.delivery ?? "counter_slip"} errors={errors?.delivery}
          options={(["counter_slip", "letter"] as const).map((d) => ({ value: d, label: t(`replacement.deliveries.${d}`) }))} />
      )}
    </LifecycleForm>
  );
}
