"use client";

import { Field, FormMessage, useFormAction } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { MAX_OTP_FAILURES, RESYNC_WINDOW_STEPS, TOKEN_TOTP } from "@/lib/tokens/policy";
import { LifecycleForm, SubmitButton, useDone } from "./lifecycle-form";
import { resyncTokenFormAction } from "./lifecycle-actions";
import type { TokenActionFormProps } from "./types";

/** A signed number of minutes: +7 (the phone is ahead), -3 (behind). */
const signed = (steps: number) => (steps > 0 ? `+${steps * (TOKEN_TOTP.stepSeconds / 60)}` : String(steps * (TOKEN_TOTP.stepSeconds / 60)));

/**
 * パスワード補正 on the caller's behalf. The clock advice comes first: a phone on the wrong date,
 * time or time zone (S0F1) drifts again at once. The two codes are cleared after every submission.
 */
export function ResyncForm({ customerId, token, onDone, onClose }: TokenActionFormProps) {
  const t = useT();
  const { state, action, ref, errors, values, key } = useFormAction(resyncTokenFormAction);
  const data = state?.ok ? state.data : null;
  const done = data?.ok
    ? [data.offsetSteps === 0 ? t("lifecycle.resync.doneOnTime", { serial: data.serial }) : t("lifecycle.resync.done", { serial: data.serial, minutes: signed(data.offsetSteps) }), data.unlocked ? t("lifecycle.resync.doneUnlocked") : ""].join(" ").trim()
    : null;
  useDone(done, onDone);
  const refused = data && !data.ok
    ? data.lockedNow
      ? t("lifecycle.resync.nowLocked", { max: MAX_OTP_FAILURES })
      : t("lifecycle.resync.failed", { window: RESYNC_WINDOW_STEPS * (TOKEN_TOTP.stepSeconds / 60), count: data.otpFailures, max: MAX_OTP_FAILURES })
    : null;
  const adviceId = `clock-advice-${token.serial}`;
  return (
    <LifecycleForm customerId={customerId} token={token} onClose={onClose} formRef={ref} action={action} formKey={key} title={t("lifecycle.resync.title")}
      intro={
        <>
          <section aria-labelledby={adviceId} className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="clock-advice">
            <h5 id={adviceId} className="font-semibold">
              {t("lifecycle.resync.clockTitle")}
            </h5>
            <ol className="list-inside list-decimal space-y-0.5">
              <li>{t("lifecycle.resync.clockStep1")}</li>
              <li>{t("lifecycle.resync.clockStep2")}</li>
              <li>{t("lifecycle.resync.clockStep3")}</li>
              <li>{t("lifecycle.resync.clockStep4")}</li>
            </ol>
          </section>
          <p className="text-sm text-slate-700">{t("lifecycle.resync.intro")}</p>
          {refused && <FormMessage kind="error" focusKey={key}>{refused}</FormMessage>}
        </>
      }
      error={state && !state.ok ? state.message : null} errors={errors} values={values}
      submit={<SubmitButton>{t("lifecycle.resync.submit")}</SubmitButton>}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t("lifecycle.resync.otp1")} name="otp1" hint={t("lifecycle.resync.otpHint")} errors={errors?.otp1} required autoComplete="off" inputMode="numeric" maxLength={12} className="input max-w-48" />
        <Field label={t("lifecycle.resync.otp2")} name="otp2" errors={errors?.otp2} required autoComplete="off" inputMode="numeric" maxLength={12} className="input max-w-48" />
      </div>
    </LifecycleForm>
  );
}
