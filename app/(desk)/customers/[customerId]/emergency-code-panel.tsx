"use client";

import { FormMessage, SubmitButton, useFormAction } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { formatJst } from "@/lib/time/format";
import { DeskChangeFields } from "./desk-change-fields";
import { requestEmergencyCodeFormAction } from "./token-actions/lost-phone-actions";

/**
 * 緊急用コード: the desk only asks; a supervisor approves and the code goes by e-mail. The code is a
 * secret and never reaches this screen, whoever is looking at it.
 */
export function EmergencyCodePanel({ customerId, pendingUntil }: { customerId: string; pendingUntil: string | null }) {
  const t = useT();
  const { state, action, ref, errors, values, key } = useFormAction(requestEmergencyCodeFormAction);
  return (
    <section aria-labelledby="emergency-code-title" className="card space-y-3" data-testid="emergency-code-panel">
      <h2 id="emergency-code-title" className="text-lg font-semibold">
        {t("emergencyCode.title")}
      </h2>
      <p className="text-sm text-slate-700">{t("emergencyCode.intro")}</p>
      {state?.ok && <FormMessage kind="success">{t("emergencyCode.done", { expires: formatJst(state.data.expiresAt) })}</FormMessage>}
      {!state?.ok && pendingUntil && <p className="text-sm">{t("emergencyCode.done", { expires: formatJst(pendingUntil) })}</p>}
      {state && !state.ok && <FormMessage kind="error">{state.message}</FormMessage>}
      {!pendingUntil && !state?.ok && (
        <form key={key} ref={ref} action={action} className="space-y-3" aria-labelledby="emergency-code-title">
          <input type="hidden" name="customerId" value={customerId} />
          <DeskChangeFields errors={errors} values={values} />
          <SubmitButton>{t("emergencyCode.submit")}</SubmitButton>
        </form>
      )}
    </section>
  );
}
