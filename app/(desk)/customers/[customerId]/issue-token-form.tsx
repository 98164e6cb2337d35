"use client";

import { useEffect, useRef, useState } from "react";
import { FormMessage, SelectField, SubmitButton, useFormAction } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import type { TokenSummary } from "@/lib/customers/tokens";
import { formatJst, formatJstDate } from "@/lib/time/format";
import { serviceIds } from "@/lib/tokens/policy";
import { DeskChangeFields } from "./desk-change-fields";
import { issueTokenFormAction } from "./token-actions/activation-actions";
import { CounterSlip } from "./token-actions/counter-slip";

/**
 * トークン発行 at the desk, for roles that may issue: first token, or after a cancellation from the
 * next JST day, and never beside a live token of the same service (that is an exchange or a
 * replacement). Disabled with the reason when it cannot be used now; the activation password goes
 * by letter (phone verification) or on a counter slip shown once (in person).
 */
export interface IssueTokenFormProps {
  customerId: string;
  tokens: TokenSummary[];
  verificationMethod: "phone" | "in_person" | null;
  /** After a cancellation, the first moment a new token may be issued (null: no wait). */
  newTokenFrom: string | null;
  /** Whether this staff member's role may issue tokens at all. */
  may: boolean;
}

export function IssueTokenForm({ customerId, tokens, verificationMethod, newTokenFrom, may }: IssueTokenFormProps) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  if (!may) return null;
  const live = new Map(tokens.filter((k) => k.current && k.status !== "expired").map((k) => [k.serviceId, k.serial]));
  const free = serviceIds.filter((id) => !live.has(id));
  const why = !verificationMethod
    ? t("activationDesk.issue.verifyFirst")
    : newTokenFrom
      ? t("activationDesk.issue.nextDay", { from: formatJst(newTokenFrom) })
      : free.length === 0
        ? t("activationDesk.issue.liveToken", { serial: [...live.values()].join("、") })
        : null;
  return (
    <section aria-labelledby="issue-token-title" className="card space-y-3" data-testid="issue-token">
      <h2 id="issue-token-title" className="text-lg font-semibold">
        {t("activationDesk.issue.title")}
      </h2>
      {done && <FormMessage kind="success" focusKey={done}>{done}</FormMessage>}
      {!open || why ? (
        <div className="flex flex-col items-start gap-1">
          <button type="button" className="btn-secondary" disabled={why !== null} aria-describedby={why ? "issue-token-why" : undefined} onClick={() => { setDone(null); setOpen(true); }}>
            {t("activationDesk.issue.open")}
          </button>
          {why && (
            <span id="issue-token-why" className="text-xs text-slate-600">
              {why}
            </span>
          )}
        </div>
      ) : (
        <IssueForm customerId={customerId} services={free} method={verificationMethod!} onDone={(message) => { setOpen(false); setDone(message); }} onClose={() => setOpen(false)} />
      )}
    </section>
  );
}

function IssueForm({ customerId, services, method, onDone, onClose }: { customerId: string; services: string[]; method: "phone" | "in_person"; onDone(message: string): void; onClose(): void }) {
  const t = useT();
  const { state, action, ref, errors, values, key } = useFormAction(issueTokenFormAction);
  const handled = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!state?.ok || state.data.slipPdf || handled.current === state.attempt) return;
    handled.current = state.attempt;
    onDone(t("activationDesk.issue.doneLetter", { serial: state.data.serial, date: formatJstDate(state.data.activationDeadline) }));
  }, [state, onDone, t]);

  // The slip lives only in this form's action state: closing it calls onDone, which unmounts the
  // form, and the bytes go with it.
  if (state?.ok && state.data.slipPdf) {
    const message = t("activationDesk.issue.doneSlip", { serial: state.data.serial, date: formatJstDate(state.data.activationDeadline) });
    return <CounterSlip pdfBase64={state.data.slipPdf} onClosed={() => onDone(message)} />;
  }
  return (
    <form key={key} ref={ref} action={action} className="space-y-3" aria-labelledby="issue-token-title" data-testid="issue-token-form">
      <p className="text-sm text-slate-700">
        {t("activationDesk.issue.intro")} {method === "in_person" ? t("activationDesk.issue.introSlip") : t("activationDesk.issue.introLetter")}
      </p>
      {state && !state.ok && <FormMessage kind="error" focusKey={key}>{state.message}</FormMessage>}
      <input type="hidden" name="customerId" value={customerId} />
      <SelectField label={t("activationDesk.issue.service")} name="serviceId" errors={errors?.serviceId} defaultValue={values.serviceId} options={services.map((id) => ({ value: id, label: id }))} />
      <DeskChangeFields errors={errors} values={values} />
      <div className="flex gap-2">
        <SubmitButton>{t("activationDesk.issue.submit")}</SubmitButton>
        <button type="button" className="btn-secondary" onClick={onClose}>
          {t("activationDesk.cancel")}
        </button>
      </div>
    </form>
  );
}
