"use client";

import { useFormAction } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { LifecycleForm, SubmitButton, useDone } from "./lifecycle-form";
import { suspendTokenFormAction } from "./lifecycle-actions";
import type { TokenActionFormProps } from "./types";

/** 利用停止: the token's codes stop working at once, until resumed. */
export function SuspendForm({ customerId, token, onDone, onClose }: TokenActionFormProps) {
  const t = useT();
  const { state, action, ref, errors, values, key } = useFormAction(suspendTokenFormAction);
  useDone(state?.ok ? t("lifecycle.suspend.done", { serial: state.data.serial }) : null, onDone);
  return (
    <LifecycleForm customerId={customerId} token={token} onClose={onClose} formRef={ref} action={action} formKey={key} title={t("lifecycle.suspend.title")}
      intro={<p className="text-sm text-slate-700">{t("lifecycle.suspend.intro")}</p>}
      error={state && !state.ok ? state.message : null} errors={errors} values={values}
      submit={<SubmitButton className="btn-danger">{t("lifecycle.suspend.submit")}</SubmitButton>}
    />
  );
}
