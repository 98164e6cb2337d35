"use client";

import { useEffect, useId, useRef, useState } from "react";
import type { TokenSummary } from "@/lib/customers/tokens";
import { staffRolesWith } from "@/lib/auth/permissions";
import { commonAppErrorCodes, knownAppErrorCodes, lookupAppError, NO_CODE, type AppErrorEntry, type TriageOffer } from "@/lib/tokens/app-errors";
import type { DeskTokenAction } from "@/lib/tokens/desk-rules";
import { formatJst } from "@/lib/time/format";
import { useT } from "@/app/_components/i18n";
import { whyNot } from "./token-panel";
import { openTokenAction } from "./open-token-action";

export interface TriagePanelProps {
  tokens: TokenSummary[];
  verificationMethod: "phone" | "in_person" | null;
  /** Which token actions this staff member's role may take. */
  may: Record<DeskTokenAction, boolean>;
  mayIssue: boolean;
  /** After a cancellation, the first moment a new token may be issued. */
  newTokenFrom: string | null;
}

const knownCodes = knownAppErrorCodes();

/**
 * The code on the caller's screen, explained: what it means in plain words, what to check, and
 * — read against this customer's tokens — the fix the desk can make now or why it cannot.
 */
export function TriagePanel(props: TriagePanelProps) {
  const t = useT();
  const listId = useId();
  // The code field is uncontrolled: a code typed before the page's scripts ran stays in it (a
  // controlled value would put "" back on the first render after hydration) and is looked up then.
  const input = useRef<HTMLInputElement>(null);
  const [asked, setAsked] = useState<string | null>(null);
  const result = asked === null ? null : lookupAppError(asked);
  const pick = (code: string) => {
    if (input.current) input.current.value = code === NO_CODE ? "" : code;
    setAsked(code);
  };
  useEffect(() => {
    const typed = input.current?.value ?? "";
    if (lookupAppError(typed)) setAsked(typed);
  }, []);
  return (
    <section aria-labelledby="triage-title" className="card space-y-3" data-testid="triage-panel">
      <h2 id="triage-title" className="text-lg font-semibold">
        {t("triage.title")}
      </h2>
      <p className="text-sm text-slate-600">{t("triage.intro")}</p>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          setAsked(input.current?.value ?? "");
        }}
      >
        <div className="space-y-1">
          <label htmlFor={`${listId}-code`} className="block text-sm font-medium">
            {t("triage.codeLabel")}
          </label>
          <input
            id={`${listId}-code`}
            className="input w-40 font-mono uppercase"
            ref={input}
            list={`${listId}-codes`}
            autoComplete="off"
            spellCheck={false}
            maxLength={12}
            aria-describedby={`${listId}-hint`}
            onChange={(event) => {
              const value = event.target.value;
              // A whole known code (typed or picked from the list) is looked up at once.
              if (lookupAppError(value)) setAsked(value);
            }}
          />
          <datalist id={`${listId}-codes`}>
            {knownCodes.map((code) => (
              <option key={code} value={code} />
            ))}
          </datalist>
        </div>
        <button type="submit" className="btn-primary">
          {t("triage.lookUp")}
        </button>
        <p id={`${listId}-hint`} className="basis-full text-xs text-slate-500">
          {t("triage.codeHint")}
        </p>
      </form>
      <div className="space-y-1">
        <p className="text-sm font-medium" id={`${listId}-common`}>
          {t("triage.common")}
        </p>
        <ul className="flex flex-wrap gap-2" aria-labelledby={`${listId}-common`}>
          {commonAppErrorCodes.map((code) => (
            <li key={code}>
              <button type="button" className="btn-secondary font-mono" aria-pressed={asked === code} onClick={() => pick(code)}>
                {code}
              </button>
            </li>
          ))}
          <li>
            <button type="button" className="btn-secondary" aria-pressed={asked === NO_CODE} onClick={() => pick(NO_CODE)}>
              {t("triage.noCode")}
            </button>
          </li>
        </ul>
      </div>
      <div role="region" aria-live="polite" aria-label={t("triage.resultLabel")} data-testid="triage-result">
        {asked !== null && asked.trim() !== "" && !result && <p className="text-sm">{t("triage.unknown", { code: asked.trim() })}</p>}
        {result && <TriageResult code={result.code} entry={result.entry} {...props} />}
      </div>
    </section>
  );
}

function TriageResult({ code, entry, tokens, ...rest }: { code: string; entry: AppErrorEntry } & TriagePanelProps) {
  const t = useT();
  const current = tokens.filter((token) => token.current);
  const expected = entry.expects ? current.filter((token) => entry.expects!.includes(token.status)) : [];
  // The fix is offered for the tokens the code points at, or every current token if none does.
  const candidates = expected.length ? expected : current;
  const offerAllowed = (offer: TriageOffer) => typeof offer === "string" && offer !== "issue" && candidates.some((token) => token.actions[offer].allowed);
  const fallBack = entry.otherwise !== undefined && isTokenAction(entry.offer) && !offerAllowed(entry.offer);
  return (
    <div className="space-y-2 border-t border-slate-200 pt-3 text-sm">
      <h3 className="font-semibold">
        {code === NO_CODE ? t(`triage.codes.${entry.key}.title`) : `${code}: ${t(`triage.codes.${entry.key}.title`)}`}
      </h3>
      <dl className="space-y-1">
        <dt className="font-medium">{t("triage.sayToCaller")}</dt>
        <dd>{t(`triage.codes.${entry.key}.say`)}</dd>
        <dt className="font-medium">{t("triage.check")}</dt>
        <dd>{t(`triage.codes.${entry.key}.check`)}</dd>
      </dl>
      <div className="space-y-1" data-testid="triage-record">
        <p className="font-medium">{t("triage.deskState")}</p>
        {current.length === 0 ? (
          <p>{t("triage.noTokens")}</p>
        ) : (
          <ul className="list-inside list-disc">
            {current.map((token) => (
              <li key={token.id}>
                {t("triage.tokenLine", { serial: token.serial })}{" "}
                <span className="badge bg-slate-100 text-slate-800">{t(`customers.tokenStatus.${token.status}`)}</span>
                <span className="ml-2 font-mono text-xs text-slate-600">
                  {token.serviceId} / {token.userId}
                </span>
              </li>
            ))}
          </ul>
        )}
        {entry.expects && current.length > 0 && expected.length === 0 && (
          <p className="text-amber-900">{t("triage.recordDisagrees", { states: entry.expects.map((s) => t(`customers.tokenStatus.${s}`)).join("・") })}</p>
        )}
      </div>
      {entry.offer === null ? (
        <p data-testid="triage-nothing">{t("triage.nothingServerSide")}</p>
      ) : current.length === 0 ? (
        <Offer offer="issue" candidates={[]} {...rest} />
      ) : (
        <>
          {entry.offerWhenRepeated && <p className="font-medium">{t("triage.ifRepeated")}</p>}
          <Offer offer={entry.offer} candidates={candidates} {...rest} />
          {fallBack && (
            <>
              <p className="font-medium">{t("triage.otherwise")}</p>
              <Offer offer={entry.otherwise ?? null} candidates={candidates} {...rest} />
            </>
          )}
        </>
      )}
    </div>
  );
}

function isTokenAction(offer: TriageOffer): offer is DeskTokenAction {
  return offer !== null && offer !== "issue";
}

function Offer({ offer, candidates, verificationMethod, may, mayIssue, newTokenFrom }: { offer: TriageOffer; candidates: TokenSummary[] } & Omit<TriagePanelProps, "tokens">) {
  const t = useT();
  if (offer === null) return null;
  if (offer === "issue") {
    const roles = staffRolesWith("token.issue").map((role) => t(`roles.${role}`)).join("、");
    return (
      <div className="rounded-md border border-slate-200 bg-slate-50 p-2" data-testid="triage-issue">
        <p className="font-medium">{t("triage.issue")}</p>
        {!mayIssue && <p className="text-slate-700">{t("triage.issueWho", { roles })}</p>}
        {newTokenFrom && <p className="text-slate-700">{t("triage.issueFrom", { date: formatJst(newTokenFrom) })}</p>}
      </div>
    );
  }
  const action = t(`tokenActions.buttons.${offer}`);
  return (
    <ul className="space-y-1" data-testid="triage-offer">
      {candidates.map((token) => {
        const why = whyNot(offer, token, verificationMethod, may, t);
        return (
          <li key={token.id}>
            {why === null ? (
              <button type="button" className="btn-primary" onClick={() => openTokenAction({ tokenId: token.id, action: offer })}>
                {t("triage.open", { serial: token.serial, action })}
              </button>
            ) : (
              <span className="text-slate-700">{t("triage.notAvailable", { serial: token.serial, action, why })}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
