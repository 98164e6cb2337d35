"use client";

import { formatDuration } from "@/lib/time/duration";
import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { formatJst } from "@/lib/time/format";
import { FormMessage } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { ClearBlockForm, InPersonForm, PhoneForm, useClearBlock } from "./verification-forms";

export interface VerificationPanelProps {
  customerId: string;
  verification: { id: string; method: "phone" | "in_person"; expiresAt: string } | null;
  serverNow: string;
  blockedAt: string | null;
  failures: number;
  maxFailures: number;
  canPhone: boolean;
  canInPerson: boolean;
  canClear: boolean;
}

/**
 * The caller's verification state for this staff member: a live countdown, or the ways to verify.
 * A verification made here, a block this check caused or a block cleared here takes the form away
 * in the redraw that brings its result: what replaces the form has the focus.
 */
export function VerificationPanel(props: VerificationPanelProps) {
  const t = useT();
  const { verification, blockedAt } = props;
  const clear = useClearBlock();
  // The verification the page was opened with is not news; a later one was just made here.
  const [opened] = useState(() => ({ verification: verification?.id ?? null, blockedAt }));
  return (
    <section aria-labelledby="verification-title" className="card space-y-3" data-testid="verification-panel">
      <h2 id="verification-title" className="text-lg font-semibold">
        {t("verification.title")}
      </h2>
      {verification ? (
        <Countdown key={verification.id} method={verification.method} expiresAt={verification.expiresAt} serverNow={props.serverNow} focus={verification.id !== opened.verification} />
      ) : (
        <p className="text-sm">
          <span className="badge bg-slate-200 text-slate-700">{t("verification.notVerified")}</span>
        </p>
      )}
      {clear.state?.ok && !blockedAt && !verification && (
        <FormMessage kind="success" focusKey={clear.key}>
          {t("verification.clear.done")}
        </FormMessage>
      )}
      {blockedAt && (
        // A block made by this staff member's last failed check replaces the form: it takes the focus then.
        <FormMessage kind="error" focusKey={blockedAt !== opened.blockedAt ? blockedAt : null}>
          {t("verification.blocked", { time: formatJst(blockedAt) })}
        </FormMessage>
      )}
      {!verification && (
        <p className="text-xs text-slate-600" data-testid="verification-failures">
          {t("verification.failuresSoFar", { count: Math.min(props.failures, props.maxFailures), max: props.maxFailures })}
        </p>
      )}
      {!verification && props.canPhone && !blockedAt && <PhoneForm customerId={props.customerId} />}
      {!verification && props.canInPerson && !blockedAt && <InPersonForm customerId={props.customerId} />}
      {blockedAt && props.canClear && <ClearBlockForm customerId={props.customerId} clear={clear} />}
    </section>
  );
}

function Countdown({ method, expiresAt, serverNow, focus }: { method: "phone" | "in_person"; expiresAt: string; serverNow: string; focus: boolean }) {
  const t = useT();
  const router = useRouter();
  const status = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) status.current?.focus();
  }, [focus]);
  // Shift the deadline into the browser's clock: only the server's own difference counts.
  const [end] = useState(() => Date.now() + (new Date(expiresAt).getTime() - new Date(serverNow).getTime()));
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, end - now);
  useEffect(() => {
    // Once it runs out, reload so the masked view and the verification forms come back.
    if (left === 0) router.refresh();
  }, [left, router]);
  if (left === 0) return <FormMessage kind="error">{t("verification.expired")}</FormMessage>;
  return (
    <div ref={status} role="status" tabIndex={-1} className="flex flex-wrap items-center gap-3 rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 outline-none focus:ring-2 focus:ring-emerald-700" data-testid="verification-status">
      <span className="font-semibold text-emerald-800">{t("verification.verifiedUntil", { method: t(`verification.methods.${method}`) })}</span>
      <span role="timer" aria-live="off" className="font-mono text-emerald-900" data-testid="verification-countdown">
        {t("verification.remaining", { time: formatDuration(left, t) })}
      </span>
    </div>
  );
}
