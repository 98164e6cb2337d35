"use client";

import { useState } from "react";
import { useFormAction } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { cancelledLine } from "@/lib/tokens/cancelled-line";
import { LifecycleForm, SubmitButton, useDone } from "./lifecycle-form";
import { cancelTokenFormAction } from "./lifecycle-actions";
import type { TokenActionFormProps } from "./types";

/**
 * 利用解除 cannot be undone: the button first asks, naming the token (serial and service ID), and
 * the success line says from when a new token can be issued.
 */
export function CancelForm({ customerId, token, onDone, onClose }: TokenActionFormProps) {
  const t = useT();
  const { state, action, ref, errors, values, key } = useFormAction(cancelTokenFormAction);
  const [confirming, setConfirming] = useState(false);
  useDone(state?.ok ? cancelledLine(t, state.data) : null, onDone);
  const confirmId = `cancel-confirm-${token.serial}`;
  return (
    <LifecycleForm customerId={customerId} token={token} onClose={onClose} formRef={ref} action={action} formKey={key} title={t("lifecycle.cancel.title")}
      intro={<p className="text-sm text-slate-700">{t("lifecycle.cancel.intro")}</p>}
      error={state && !state.ok ? state.message : null} errors={errors} values={values}
      submit={
        confirming ? (
          <div role="group" aria-labelledby={confirmId} className="flex flex-wrap items-center gap-2 rounded-md border border-red-300 bg-red-50 px-3 py-2">
            <span id={confirmId} className="text-sm text-red-900">
              {t("lifecycle.cancel.confirm", { serial: token.serial, serviceId: token.serviceId })}
            </span>
            <SubmitButton className="btn-danger">{t("lifecycle.cancel.confirmYes")}</SubmitButton>
            <button type="button" className="btn-secondary" onClick={() => setConfirming(false)}>
              {t("lifecycle.cancel.confirmNo")}
            </button>
          </div>
        ) : (
          <button type="button" className="btn-danger" onClick={() => setConfirming(true)}>
            {t("lifecycle.cancel.submit")}
          </button>
        )
      }
    />
  );
}
