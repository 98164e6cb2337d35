"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import { verifyChainAction } from "./actions";

export function VerifyChain() {
  const t = useT();
  const [result, action] = useActionState(verifyChainAction, null);
  const report = result?.ok ? result.data : null;
  return (
    <section aria-labelledby="integrity-title" className="card space-y-3">
      <h2 id="integrity-title" className="text-lg font-semibold">
        {t("audit.integrity")}
      </h2>
      <form action={action}>
        <SubmitButton>{t("audit.verify")}</SubmitButton>
      </form>
      {result && !result.ok && <FormMessage kind="error">{result.message}</FormMessage>}
      {report?.ok && <FormMessage kind="success">{t("audit.verifyOk", { count: report.checked, seq: report.lastSeq, checkpoints: report.checkpoints, pending: report.pending })}</FormMessage>}
      {report && !report.ok && <FormMessage kind="error">{t("audit.verifyBad", { seq: report.firstBadSeq, problem: t(`audit.problems.${report.problem}`) })}</FormMessage>}
    </section>
  );
}
