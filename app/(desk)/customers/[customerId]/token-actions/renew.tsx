"use client";

import { useEffect, useRef } from "react";
import { FormMessage, SubmitButton, useFormAction } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { formatJstDate } from "@/lib/time/format";
import { TOKEN_LIFETIME_MS } from "@/lib/tokens/policy";
import { DeskChangeFields } from "../desk-change-fields";
import { renewTokenFormAction } from "./activation-actions";
import type { TokenActionFormProps } from "./types";

/** 有効期限更新 for a token within its renewal window: the expiry moves one lifetime on. */
export function RenewTokenForm({ customerId, token, onDone, onClose }: TokenActionFormProps) {
  const t = useT();
  const { state, action, ref, errors, values, key } = useFormAction(renewTokenFormAction);
  const handled = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!state?.ok || handled.current === state.attempt) return;
    handled.current = state.attempt;
    onDone(t("activationDesk.renew.done", { date: formatJstDate(state.data.expiresAt) }));
  }, [state, onDone, t]);
  const to = new Date(new Date(token.expiresAt).getTime() + TOKEN_LIFETIME_MS);
  return (
    <form key={key} ref={ref} action={action} className="space-y-3 border-t border-slate-200 pt-3" aria-labelledby={`renew-${token.id}`} data-testid="renew-form">
      <h4 id={`renew-${token.id}`} className="font-semibold">
        {t("activationDesk.renew.title")}
      </h4>
      <p className="text-sm text-slate-700">{t("activationDesk.renew.intro", { from: formatJstDate(token.expiresAt), to: formatJstDate(to) })}</p>
      {state && !state.ok && <FormMessage kind="error" focusKey={key}>{state.message}</FormMessage>}
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="tokenId" value={token.id} />
      <DeskChangeFields errors={errors} values={values} />
      <div className="flex gap-2">
        <SubmitButton>{t("activationDesk.renew.submit")}</SubmitButton>
        <button type="button" className="btn-secondary" onClick={onClose}>
          {t("activationDesk.cancel")}
        </button>
      </div>
    </form>
  );
}
