"use client";

import { useEffect, useRef, useState } from "react";
import type { TokenSummary } from "@/lib/customers/tokens";
import type { RiskFlag } from "@/db/schema";
import { staffRolesWith } from "@/lib/auth/permissions";
import { deskTokenActions, type DeskTokenAction } from "@/lib/tokens/desk-rules";
import { formatJst } from "@/lib/time/format";
import { MAX_ACTIVATION_FAILURES, MAX_OTP_FAILURES } from "@/lib/tokens/policy";
import { FormMessage } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { tokenActionForms } from "./token-actions/registry";
import type { TokenActionFormProps } from "./token-actions/types";
import { useOpenTokenAction } from "./open-token-action";

export interface TokenPanelProps {
  customerId: string;
  tokens: TokenSummary[];
  verificationMethod: "phone" | "in_person" | null;
  /** Which token actions this staff member's role may take. */
  may: Record<DeskTokenAction, boolean>;
  /** Why a replacement for this customer deserves a second look now. */
  riskFlags?: RiskFlag[];
  /** A replacement request waiting for a supervisor: until when (ISO), or null. */
  pendingReplacementUntil?: string | null;
}

/**
 * The fixes for each current token: its state in words and one button per action. A button that
 * cannot be used now says why beside it (verify the caller first, another role, the token's
 * state); the success line of the last action stays (with the focus) until the next one.
 */
export function TokenPanel({ customerId, tokens, verificationMethod, may, riskFlags = [], pendingReplacementUntil = null }: TokenPanelProps) {
  const t = useT();
  const [open, setOpen] = useState<OpenAction | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const current = tokens.filter((token) => token.current);
  const cards = withRetired(current, tokens, open, verificationMethod);
  // The error-code triage opens a form here; the opened form is then scrolled to and focused.
  const [asked, setAsked] = useState(0);
  const formRef = useRef<HTMLDivElement>(null);
  useOpenTokenAction((detail) => {
    const token = current.find((k) => k.id === detail.tokenId);
    if (!token) return;
    setDone(null);
    setOpen({ ...detail, token, method: verificationMethod, index: current.indexOf(token) });
    setAsked((n) => n + 1);
  });
  useEffect(() => {
    const frame = formRef.current;
    if (!asked || !frame) return;
    frame.scrollIntoView({ block: "start" });
    (frame.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea") ?? frame).focus();
  }, [asked]);
  // After a cancellation no token is current, but the success line (from when a new one may be issued) stays.
  if (!cards.length && !done) return null;
  return (
    <section aria-labelledby="token-actions-title" className="card space-y-3" data-testid="token-panel">
      <h2 id="token-actions-title" className="text-lg font-semibold">
        {t("tokenActions.title")}
      </h2>
      {pendingReplacementUntil && (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="replacement-pending">
          {t("replacement.pending", { expires: formatJst(pendingReplacementUntil) })}
        </p>
      )}
      {done && (
        <FormMessage kind="success" focusKey={done} testId="token-action-done">
          {done}
        </FormMessage>
      )}
      {cards.map(({ token, retired, method }) => (
        <article key={token.id} aria-labelledby={`token-${token.id}`} className="space-y-2 border-t border-slate-200 pt-3" data-testid={`token-card-${token.serial}`}>
          <h3 id={`token-${token.id}`} className="font-semibold">
            {t("tokenActions.cardTitle", { serial: token.serial, status: t(`customers.tokenStatus.${token.status}`) })}
          </h3>
          {/* A retired token keeps only its open form (same place in the tree, so the form keeps its state). */}
          {!retired && <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-600">{t("tokenActions.facts.activationDeadline")}</dt>
            <dd>{token.activationDeadline ? formatJst(token.activationDeadline) : "—"}</dd>
            <dt className="text-slate-600">{t("lifecycle.facts.activationFailures")}</dt>
            <dd>{token.activatedAt ? t("lifecycle.facts.activationDone") : t("lifecycle.facts.activationFailuresSay", { count: token.activationFailures, max: MAX_ACTIVATION_FAILURES })}</dd>
            <dt className="text-slate-600">{t("lifecycle.facts.otpFailures")}</dt>
            <dd>{token.status === "locked" ? t("lifecycle.facts.otpLockedSay", { count: token.otpFailures }) : t("lifecycle.facts.otpFailuresSay", { count: token.otpFailures, max: MAX_OTP_FAILURES })}</dd>
            <dt className="text-slate-600">{t("tokenActions.facts.clockOffset")}</dt>
            <dd>{token.clockOffsetSteps === 0 ? t("tokenActions.facts.clockOnTime") : t("tokenActions.facts.clockOffsetSay", { minutes: token.clockOffsetSteps })}</dd>
          </dl>}
          {!retired && token.clockSkewSuspected && (
            <div role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid={`clock-skew-${token.serial}`}>
              <p className="font-semibold">{t("lifecycle.facts.clockSkew")}</p>
              <p className="text-xs">{t("lifecycle.facts.clockSkewSay")}</p>
            </div>
          )}
          {!retired && <ul className="flex flex-wrap gap-2" aria-label={t("tokenActions.buttonsLabel", { serial: token.serial })}>
            {deskTokenActions.map((action) => {
              const why = whyNot(action, token, verificationMethod, may, t);
              const isOpen = open?.tokenId === token.id && open.action === action;
              return (
                <li key={action} className="flex flex-col">
                  <button
                    type="button"
                    className={isOpen ? "btn-primary" : "btn-secondary"}
                    disabled={why !== null}
                    aria-expanded={why === null ? isOpen : undefined}
                    aria-describedby={why ? `why-${token.id}-${action}` : undefined}
                    onClick={() => {
                      setDone(null);
                      setOpen(isOpen ? null : { tokenId: token.id, action, token, method: verificationMethod, index: current.indexOf(token) });
                    }}
                  >
                    {t(`tokenActions.buttons.${action}`)}
                  </button>
                  {why && (
                    <span id={`why-${token.id}-${action}`} className="max-w-[14rem] text-xs text-slate-600">
                      {why}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>}
          {open?.tokenId === token.id && method && (
            <div ref={formRef} tabIndex={-1} className="scroll-mt-4" data-testid="token-action-form">
              <OpenForm action={open.action} customerId={customerId} token={token} verificationMethod={method} riskFlags={riskFlags} onDone={(message) => { setOpen(null); setDone(message); }} onClose={() => setOpen(null)} />
            </div>
          )}
        </article>
      ))}
    </section>
  );
}

/** The form that is open, with its token and the caller's verification as they were when it opened. */
interface OpenAction {
  tokenId: string;
  action: DeskTokenAction;
  token: TokenSummary;
  method: "phone" | "in_person" | null;
  /** Where its card stood among the current tokens. */
  index: number;
}

interface Card {
  token: TokenSummary;
  /** This action just retired the token: only its open form is left to show. */
  retired: boolean;
  /** How the caller was verified, for the token's form (null: no form can open). */
  method: OpenAction["method"];
}

/**
 * The cards to show: the current tokens, and the token of the open form if the form's own action has
 * just retired it (a replacement or a cancellation revokes it, and the page's refresh drops it from
 * the current ones in the same render as the action's result). Its card stays where it was, with its
 * form, until the form has shown its outcome — a counter slip shown once, the success line — and
 * closes; otherwise the result would be unmounted unseen.
 */
function withRetired(current: TokenSummary[], all: TokenSummary[], open: OpenAction | null, method: OpenAction["method"]): Card[] {
  const cards: Card[] = current.map((token) => ({ token, retired: false, method }));
  if (!open || current.some((k) => k.id === open.tokenId)) return cards;
  const token = all.find((k) => k.id === open.tokenId) ?? open.token;
  // The form shows its outcome with the verification it was opened under, even if that has ended since.
  cards.splice(Math.min(open.index, cards.length), 0, { token, retired: true, method: method ?? open.method });
  return cards;
}

function OpenForm({ action, ...props }: { action: DeskTokenAction } & TokenActionFormProps) {
  const Form = tokenActionForms[action];
  return Form ? <Form {...props} /> : null;
}

/** Why a button is disabled, in words; null when it may be used (the error-code triage asks too). */
export function whyNot(action: DeskTokenAction, token: TokenSummary, verificationMethod: string | null, may: Record<DeskTokenAction, boolean>, t: ReturnType<typeof useT>): string | null {
  if (!may[action]) {
    const roles = staffRolesWith(`token.${action}`).map((role) => t(`roles.${role}`));
    return t("tokenActions.why.role", { roles: roles.join("、") });
  }
  const state = token.actions[action];
  if (!state.allowed) return t(`tokenActions.why.${state.why}`);
  if (!verificationMethod) return t("tokenActions.why.verifyFirst");
  if (!tokenActionForms[action]) return t("tokenActions.why.notYet");
  return null;
}
