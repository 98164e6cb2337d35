"use client";

import { useActionState, useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { FormMessage, SubmitButton } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import type { RunView } from "@/lib/audit/integrity";
import { startVerificationAction, verificationRunAction } from "./actions";
import { runResult } from "./run-text";

const POLL_MS = 1000;

/**
 * "Verify now": starts a background run and follows its row until it ends, then refreshes the
 * page so the history shows the result. A run already going when the page opens is followed too.
 */
export function VerifyNow({ running }: { running: RunView | null }) {
  const t = useT();
  const router = useRouter();
  const [started, start] = useActionState(startVerificationAction, null);
  const runId = started?.ok ? started.data.runId : (running?.id ?? null);
  const [run, setRun] = useState<RunView | null>(running);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!runId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const result = await verificationRunAction(runId).catch(() => null);
      if (stopped) return;
      if (!result || !result.ok) {
        setError(result?.message ?? t("auditIntegrity.pollFailed"));
        return;
      }
      setRun(result.data);
      if (result.data.status === "running") timer = setTimeout(poll, POLL_MS);
      else router.refresh();
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [runId, router, t]);

  const current = run && run.id === runId ? run : null;
  const busy = current?.status === "running";
  return (
    <section aria-labelledby="verify-now-title" className="card space-y-3">
      <h2 id="verify-now-title" className="text-lg font-semibold">
        {t("auditIntegrity.verify.title")}
      </h2>
      <p className="text-sm text-slate-600">{t("auditIntegrity.verify.hint")}</p>
      <form action={start}>
        {busy ? (
          <button type="button" className="btn-primary" disabled aria-disabled>
            {t("auditIntegrity.verify.start")}
          </button>
        ) : (
          <SubmitButton pendingLabel={t("auditIntegrity.verify.starting")}>{t("auditIntegrity.verify.start")}</SubmitButton>
        )}
      </form>
      {started && !started.ok && <FormMessage kind="error">{started.message}</FormMessage>}
      {error && <FormMessage kind="error">{error}</FormMessage>}
      {current && (
        <div className="space-y-1" data-testid="verification-progress">
          {busy && (
            <progress className="w-full" aria-label={t("auditIntegrity.verify.progressLabel")} max={Math.max(current.total, 1)} value={Math.min(current.checked, Math.max(current.total, 1))} />
          )}
          <div role="status" aria-live="polite" className="text-sm">
            {busy ? runResult(current, t) : `${t("auditIntegrity.verify.finished")} ${t(`auditIntegrity.statuses.${current.status}`)}: ${runResult(current, t)}`}
          </div>
        </div>
      )}
    </section>
  );
}
