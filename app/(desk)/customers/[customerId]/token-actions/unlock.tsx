"use client";

import { useFormAction } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { MAX_OTP_FAILURES } from "@/lib/tokens/policy";
import { LifecycleForm, SubmitButton, useDone } from "./lifecycle-form";
import { unlockTokenFormAction } from "./lifecycle-actions";
import type { TokenActionFormProps } from "./types";

/** ロック解除 of a token locked by ten wrong codes. */
export function UnlockForm({ customerId, token, onDone, onClose }: TokenActionFormProps) {
  const t = useT();
  const { state, action, ref, errors, values, key } = useFormAction(unlockTokenFormAction);
  useDone(state?.ok ? t("lifecycle.unlock.done", { serial: state.data.serial }) : null, onDone);
  return (
    <LifecycleForm customerId={customerId} token={token} onClose={onClose} formRef={ref} action={action} formKey={key} title={t("lifecycle.unlock.title")}
      intro={<p className="text-sm text-slate-700">{t("lifecycle.unlock.intro", { max: MAX_OTP_FAILURES })}</p>}
      error={state && !state.ok ? state.message : null} errors={errors} values={values}
      submit={<SubmitButton>{t("lifecycle.unlock.submit")}</SubmitButton>}
    />
  );
}
