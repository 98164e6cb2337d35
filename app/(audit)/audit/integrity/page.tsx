import { pageQuery } from "@/lib/actions/web";
import { integrityQuery } from "@/lib/audit/workspace-queries";
import { getT } from "@/lib/i18n/server";
import { formatJst } from "@/lib/time/format";
import { FormMessage } from "@/app/_components/form";
import { VerifyNow } from "./verify-now";
import { formatAge, runResult } from "./run-text";

/** The state of the audit chain: sealing, the newest signed checkpoint, "verify now" and its history. */
export default async function IntegrityPage() {
  const result = await pageQuery(integrityQuery);
  const { t } = await getT();
  if (!result.ok) return <FormMessage kind="error">{result.message}</FormMessage>;
  const { head, lag, checkpoint, checkpointFiles, keyFingerprint, runs } = result.data;
  const running = runs.find((r) => r.status === "running") ?? null;
  const n = (value: number) => value.toLocaleString("ja-JP");
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-bold">{t("auditIntegrity.title")}</h1>
      <div className="grid gap-5 md:grid-cols-2">
        <section aria-labelledby="sealing-state" className="card space-y-2" data-testid="integrity-sealing">
          <h2 id="sealing-state" className="text-lg font-semibold">
            {t("auditIntegrity.sealing.title")}
          </h2>
          {head ? (
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-slate-600">{t("auditIntegrity.sealing.headSeq")}</dt>
              <dd className="font-mono">{n(head.seq)}</dd>
              <dt className="text-slate-600">{t("auditIntegrity.sealing.headSealedAt")}</dt>
              <dd>{formatJst(head.sealedAt)}</dd>
              <dt className="text-slate-600">{t("auditIntegrity.sealing.unsealed")}</dt>
              <dd>{lag.unsealed ? n(lag.unsealed) : t("auditIntegrity.sealing.none")}</dd>
              <dt className="text-slate-600">{t("auditIntegrity.sealing.oldestUnsealed")}</dt>
              <dd>{lag.unsealed ? formatAge(lag.oldestUnsealedAgeMs, t) : "—"}</dd>
            </dl>
          ) : (
            <p className="text-sm">{t("auditIntegrity.sealing.empty")}</p>
          )}
        </section>
        <section aria-labelledby="checkpoint-state" className="card space-y-2" data-testid="integrity-checkpoint">
          <h2 id="checkpoint-state" className="text-lg font-semibold">
            {t("auditIntegrity.checkpoint.title")}
          </h2>
          {checkpoint ? (
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-slate-600">{t("auditIntegrity.checkpoint.index")}</dt>
              <dd className="font-mono">{checkpoint.index}</dd>
              <dt className="text-slate-600">{t("auditIntegrity.checkpoint.seq")}</dt>
              <dd className="font-mono">{n(checkpoint.seq)}</dd>
              <dt className="text-slate-600">{t("auditIntegrity.checkpoint.time")}</dt>
              <dd>{formatJst(checkpoint.time)}</dd>
              <dt className="text-slate-600">{t("auditIntegrity.checkpoint.age")}</dt>
              <dd>{formatAge(checkpoint.ageMs, t)}</dd>
              <dt className="text-slate-600">{t("auditIntegrity.checkpoint.behind")}</dt>
              <dd>{n(checkpoint.behindHead)}</dd>
              <dt className="text-slate-600">{t("auditIntegrity.checkpoint.files")}</dt>
              <dd>{n(checkpointFiles)}</dd>
            </dl>
          ) : (
            <p className="text-sm">{t("auditIntegrity.checkpoint.none")}</p>
          )}
          <dl className="space-y-1 border-t border-slate-200 pt-2 text-sm">
            <dt className="text-slate-600">{t("auditIntegrity.checkpoint.keyFingerprint")}</dt>
            {/* Groups of four hex digits, spaces between: breaks only between groups. */}
            <dd className="font-mono" data-testid="key-fingerprint">
              {keyFingerprint}
            </dd>
            <dd className="text-xs text-slate-600">{t("auditIntegrity.checkpoint.keyFingerprintHint")}</dd>
          </dl>
        </section>
      </div>
      <VerifyNow running={running} />
      <section aria-labelledby="verification-history" className="space-y-2">
        <h2 id="verification-history" className="text-lg font-semibold">
          {t("auditIntegrity.history.title")}
        </h2>
        {runs.length === 0 ? (
          <p className="text-sm">{t("auditIntegrity.history.empty")}</p>
        ) : (
          <table className="w-full border-collapse bg-white text-sm" data-testid="verification-history">
            <caption className="sr-only">{t("auditIntegrity.history.caption")}</caption>
            <thead>
              <tr className="border-b text-left">
                <th scope="col" className="p-2">{t("auditIntegrity.columns.startedAt")}</th>
                <th scope="col" className="p-2">{t("auditIntegrity.columns.startedBy")}</th>
                <th scope="col" className="p-2">{t("auditIntegrity.columns.status")}</th>
                <th scope="col" className="p-2">{t("auditIntegrity.columns.result")}</th>
                <th scope="col" className="p-2">{t("auditIntegrity.columns.finishedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id} className="border-b align-top">
                  <td className="whitespace-nowrap p-2">{formatJst(run.startedAt)}</td>
                  <td className="p-2">{run.startedByName ?? t("auditIntegrity.system")}</td>
                  <td className="p-2">
                    <span className={`badge ${run.status === "ok" ? "bg-emerald-100 text-emerald-800" : run.status === "running" ? "bg-slate-100 text-slate-800" : "bg-red-100 text-red-800"}`}>
                      {t(`auditIntegrity.statuses.${run.status}`)}
                    </span>
                  </td>
                  <td className="p-2">{runResult(run, t)}</td>
                  <td className="whitespace-nowrap p-2">{formatJst(run.finishedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
