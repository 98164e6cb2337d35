"use client";

import { useFormAction } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { LifecycleForm, SubmitButton, useDone } from "./lifecycle-form";
import { resumeTokenFormAction } from "./lifecycle-actions";
import type { TokenActionFormProps } from "./types";

/** 利用再開: the token goes back to the state it was in before the suspension. */
export function ResumeForm({ customerId, token, onDone, onClose }: TokenActionFormProps) {
  const t = useT();
  const { state, action, ref, errors, values, key } = useFormAction(resumeTokenFormAction);
  useDone(state?.ok ? t("lifecycle.resume.done", { serial: state.data.serial, status: t(`customers.tokenStatus.${state.data.status}`) }) : null, onDone);
  return (
    <LifecycleForm customerId={customerId} token={token} onClose={onClose} formRef={ref} action={action} formKey={key} title={t("lifecycle.resume.title")}
      intro={<p className="text-sm text-slate-700">{t("lifecycle.resume.intro")}</p>}
      error={state && !state.ok ? state.message : null} errors={errors} values={values}
      submit={<SubmitButton>{t("lifecycle.resume.submit")}</SubmitButton>}
    />
  );
}
