"use client";

import { FormMessage, SubmitButton, useFormAction } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import type { EmergencyCodeRequestState, EmergencyCodeStatus } from "@/lib/customers/view";
import type { Translate } from "@/lib/i18n/translate";
import { formatJst } from "@/lib/time/format";
import { DeskChangeFields } from "./desk-change-fields";
import { requestEmergencyCodeFormAction } from "./token-actions/lost-phone-actions";

/**
 * 緊急用コード: the desk only asks; a supervisor approves and the code goes by e-mail. The code is a
 * secret and never reaches this screen, whoever is looking at it — only when it was sent, until
 * when it works and whether it was used, so the operator can tell the caller without asking twice.
 * A customer with no token a code could stand in for is not offered one: only the past requests show.
 */
export function EmergencyCodePanel({ customerId, pendingUntil, status, bridgeable }: { customerId: string; pendingUntil: string | null; status: EmergencyCodeStatus; bridgeable: boolean }) {
  const t = useT();
  const { state, action, ref, errors, values, key } = useFormAction(requestEmergencyCodeFormAction);
  const newest = status.valid[0];
  // The latest request's own line already says its code is valid; other live codes are counted beside it.
  const latestIsValid = status.latest?.state === "issued" && !status.latest.usedAt && !status.latest.lapsed;
  const others = latestIsValid ? status.valid.length - 1 : 0;
  return (
    <section aria-labelledby="emergency-code-title" className="card space-y-3" data-testid="emergency-code-panel">
      <h2 id="emergency-code-title" className="text-lg font-semibold">
        {t("emergencyCode.title")}
      </h2>
      <p className="text-sm text-slate-700">{t("emergencyCode.intro")}</p>
      {status.latest && (
        <p className="text-sm" data-testid="emergency-code-status">
          <span className="font-medium">{t("emergencyCode.status.label")}</span> {latestLine(t, status.latest)}
          {others > 0 && <> {t("emergencyCode.status.others", { count: others })}</>}
        </p>
      )}
      {state?.ok && <FormMessage kind="success" focusKey={key}>{t("emergencyCode.done", { expires: formatJst(state.data.expiresAt) })}</FormMessage>}
      {state && !state.ok && <FormMessage kind="error" focusKey={key}>{state.message}</FormMessage>}
      {!bridgeable && <p className="text-sm text-slate-700">{t("emergencyCode.noToken")}</p>}
      {bridgeable && !pendingUntil && !state?.ok && (
        <form key={key} ref={ref} action={action} className="space-y-3" aria-labelledby="emergency-code-title">
          <input type="hidden" name="customerId" value={customerId} />
          <DeskChangeFields errors={errors} values={values} />
          <div className="flex flex-wrap items-center gap-3">
            <SubmitButton>{t("emergencyCode.submit")}</SubmitButton>
            {newest && (
              <span className="text-sm text-amber-800" data-testid="emergency-code-valid">
                {t("emergencyCode.status.validExists", { validUntil: formatJst(newest.validUntil) })}
              </span>
            )}
          </div>
        </form>
      )}
    </section>
  );
}

function latestLine(t: Translate, latest: EmergencyCodeRequestState): string {
  const requested = formatJst(latest.requestedAt);
  switch (latest.state) {
    case "pending":
      return t("emergencyCode.status.pending", { requested, approveBy: formatJst(latest.approveBy) });
    case "not_approved":
      return t("emergencyCode.status.notApproved", { requested });
    case "rejected":
      return t("emergencyCode.status.rejected", { requested, decided: formatJst(latest.decidedAt) });
    case "issued": {
      const use = latest.usedAt ? t("emergencyCode.status.used", { at: formatJst(latest.usedAt) }) : latest.lapsed ? t("emergencyCode.status.lapsed") : t("emergencyCode.status.unused");
      return t("emergencyCode.status.issued", { sent: formatJst(latest.sentAt), validUntil: formatJst(latest.validUntil), use });
    }
  }
}
