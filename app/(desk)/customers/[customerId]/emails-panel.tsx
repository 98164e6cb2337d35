"use client";

import { useEffect, useRef, useState } from "react";
import type { CustomerView } from "@/lib/customers/view";
import type { EmailState } from "@/lib/emails/state";
import { CONFIRM_VALID_HOURS, EMAIL_MAX_LENGTH, MAX_CONFIRM_FAILURES, MAX_LIVE_EMAILS } from "@/lib/emails/policy";
import { staffRolesWith, type Permission } from "@/lib/auth/permissions";
import { formatJst } from "@/lib/time/format";
import { deletedEmailLine } from "@/lib/emails/deleted-line";
import { Field, FormMessage, SubmitButton, useFormAction } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { DeskChangeFields } from "./desk-change-fields";
import { addEmailFormAction, deleteEmailFormAction, type DeleteEmailState } from "./emails-actions";

type Email = CustomerView["emails"][number];
type T = ReturnType<typeof useT>;

export interface EmailsPanelProps {
  customerId: string;
  emails: Email[];
  /** This staff member has a live verification of the caller. */
  verified: boolean;
  canAdd: boolean;
  canDelete: boolean;
}

const stateBadge: Record<EmailState, string> = {
  confirmed: "bg-emerald-100 text-emerald-800",
  pending: "bg-amber-100 text-amber-900",
  expired: "bg-slate-200 text-slate-700",
  void: "bg-red-100 text-red-800",
};

/**
 * The customer's registered e-mail addresses, each with its state in words, and the desk's two
 * changes: add (up to the limit; the address waits for the customer's code) and delete (asks
 * first, naming the address). A button that cannot be used says why beside it; the success line
 * of the last change stays (with the focus) until the next one. A removed address leaves the list
 * in the same redraw that brings the removal's result, so the removal's action state lives here,
 * not in its form.
 */
export function EmailsPanel({ customerId, emails, verified, canAdd, canDelete }: EmailsPanelProps) {
  const t = useT();
  const [done, setDone] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<string | null>(null);
  const remove = useFormAction(deleteEmailFormAction);
  const removed = useRef<string | undefined>(undefined);
  const addWhy = whyNot(t, "email.add", canAdd, verified) ?? (emails.length >= MAX_LIVE_EMAILS ? t("emails.why.limit") : null);
  const deleteWhy = whyNot(t, "email.delete", canDelete, verified);
  const finish = (message: string) => {
    setAdding(false);
    setDeleting(null);
    setDone(message);
  };
  const removal = remove.state;
  useEffect(() => {
    if (!removal?.ok || removed.current === removal.attempt) return;
    removed.current = removal.attempt;
    setAdding(false);
    setDeleting(null);
    setDone(deletedEmailLine(t, removal.data));
  }, [removal, t]);
  return (
    <section aria-labelledby="emails-title" className="card space-y-3" data-testid="emails-panel">
      <h2 id="emails-title" className="text-lg font-semibold">
        {t("emails.title")}
      </h2>
      {done && (
        <FormMessage kind="success" focusKey={done} testId="emails-done">
          {done}
        </FormMessage>
      )}
      {emails.length ? (
        <ul className="space-y-2" aria-label={t("emails.listLabel", { count: emails.length, max: MAX_LIVE_EMAILS })} data-testid="customer-emails">
          {emails.map((email) => (
            <li key={email.id} className="space-y-2 border-t border-slate-200 pt-2" data-testid="customer-email">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span className="font-mono text-sm">{email.address}</span>
                <span className={`badge ${stateBadge[email.state]}`}>{stateLabel(t, email)}</span>
                <span className="ml-auto flex flex-col items-end">
                  <button
                    type="button"
                    className="btn-secondary"
                    disabled={deleteWhy !== null}
                    aria-expanded={deleteWhy === null ? deleting === email.id : undefined}
                    aria-describedby={deleteWhy ? `email-delete-why-${email.id}` : undefined}
                    onClick={() => {
                      setDone(null);
                      setAdding(false);
                      setDeleting(deleting === email.id ? null : email.id);
                    }}
                  >
                    {t("emails.delete.button")}
                  </button>
                  {deleteWhy && (
                    <span id={`email-delete-why-${email.id}`} className="text-xs text-slate-600">
                      {deleteWhy}
                    </span>
                  )}
                </span>
              </div>
              {email.state !== "confirmed" && <p className="text-xs text-slate-600">{t(`emails.stateHints.${email.state}`)}</p>}
              {deleting === email.id && deleteWhy === null && <DeleteEmailForm customerId={customerId} email={email} last={emails.length === 1} remove={remove} onClose={() => setDeleting(null)} />}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">{t("emails.none")}</p>
      )}
      <div className="flex flex-col items-start gap-1 border-t border-slate-200 pt-3">
        <button
          type="button"
          className={adding ? "btn-primary" : "btn-secondary"}
          disabled={addWhy !== null}
          aria-expanded={addWhy === null ? adding : undefined}
          aria-describedby={addWhy ? "email-add-why" : undefined}
          onClick={() => {
            setDone(null);
            setDeleting(null);
            setAdding(!adding);
          }}
        >
          {t("emails.add.open")}
        </button>
        {addWhy && (
          <span id="email-add-why" className="text-xs text-slate-600">
            {addWhy}
          </span>
        )}
      </div>
      {adding && addWhy === null && <AddEmailForm customerId={customerId} onDone={finish} onClose={() => setAdding(false)} />}
    </section>
  );
}

/** Why a change cannot be made now, in words (null: it can): the role first, then the caller's verification. */
function whyNot(t: T, permission: Permission, may: boolean, verified: boolean): string | null {
  if (!may) return t("emails.why.role", { roles: staffRolesWith(permission).map((role) => t(`roles.${role}`)).join("、") });
  if (!verified) return t("emails.why.verifyFirst");
  return null;
}

function stateLabel(t: T, email: Email): string {
  if (email.state === "pending") return t("emails.states.pending", { until: formatJst(email.confirmBy) });
  if (email.state === "void") return t("emails.states.void", { max: MAX_CONFIRM_FAILURES });
  return t(`emails.states.${email.state}`);
}

interface FormProps {
  customerId: string;
  onDone(message: string): void;
  onClose(): void;
}

function AddEmailForm({ customerId, onDone, onClose }: FormProps) {
  const t = useT();
  const { state, action, ref, errors, values, key } = useFormAction(addEmailFormAction);
  useEffect(() => {
    if (state?.ok) onDone(t("emails.add.done", { address: state.data.maskedAddress, hours: CONFIRM_VALID_HOURS }));
  }, [state, onDone, t]);
  return (
    <form key={key} ref={ref} action={action} className="space-y-3 border-t border-slate-200 pt-3" aria-labelledby="email-add-title" data-testid="email-add-form">
      <h3 id="email-add-title" className="font-semibold">
        {t("emails.add.title")}
      </h3>
      {state && !state.ok && <FormMessage kind="error" focusKey={key}>{state.message}</FormMessage>}
      <input type="hidden" name="customerId" value={customerId} />
      <Field label={t("emails.add.address")} name="address" inputMode="email" hint={t("emails.add.addressHint")} required maxLength={EMAIL_MAX_LENGTH} autoComplete="off" spellCheck={false} defaultValue={values.address} errors={errors?.address} />
      <DeskChangeFields errors={errors} values={values} />
      <div className="flex gap-2">
        <SubmitButton>{t("emails.add.submit")}</SubmitButton>
        <button type="button" className="btn-secondary" onClick={onClose}>
          {t("deskChange.close")}
        </button>
      </div>
    </form>
  );
}

/** Deleting asks first, naming the address (and warning when it is the last one). */
function DeleteEmailForm({ customerId, email, last, remove, onClose }: Omit<FormProps, "onDone"> & { email: Email; last: boolean; remove: ReturnType<typeof useFormAction<DeleteEmailState>> }) {
  const t = useT();
  const { state, action, ref, errors, values, key } = remove;
  // The panel's one removal state: a refusal, its field errors and what was typed belong to the address it was about.
  const failed = state && !state.ok && state.values?.emailId === email.id ? state : null;
  return (
    <form key={failed ? key : "delete"} ref={failed ? ref : undefined} action={action} className="space-y-3 rounded-md border border-red-300 bg-red-50 p-3" aria-labelledby={`email-delete-title-${email.id}`} data-testid="email-delete-form">
      <h3 id={`email-delete-title-${email.id}`} className="font-semibold">
        {t("emails.delete.title", { address: email.address })}
      </h3>
      <p className="text-sm text-red-900">{t(last ? "emails.delete.confirmLast" : "emails.delete.confirm", { address: email.address })}</p>
      {failed && <FormMessage kind="error" focusKey={key}>{failed.message}</FormMessage>}
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="emailId" value={email.id} />
      <DeskChangeFields errors={failed ? errors : undefined} values={failed ? values : {}} />
      <div className="flex gap-2">
        <SubmitButton className="btn-danger">{t("emails.delete.submit")}</SubmitButton>
        <button type="button" className="btn-secondary" onClick={onClose}>
          {t("emails.delete.cancel")}
        </button>
      </div>
    </form>
  );
}
