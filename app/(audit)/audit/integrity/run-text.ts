import type { RunView } from "@/lib/audit/integrity";
import type { Translate } from "@/lib/i18n/translate";
import { formatDuration } from "@/lib/time/duration";

/** A run's result in words: what was checked, or where the chain breaks and how. */
export function runResult(run: RunView, t: Translate): string {
  if (run.status === "running") return t("auditIntegrity.verify.progress", { checked: run.checked.toLocaleString("ja-JP"), total: run.total.toLocaleString("ja-JP") });
  if (run.status === "ok") return t("auditIntegrity.resultOk", { checked: run.checked, seq: run.lastSeq ?? 0, checkpoints: run.checkpoints ?? 0, pending: run.pending ?? 0 });
  if (run.status === "failed" && run.problem) return t("auditIntegrity.resultBad", { seq: run.firstBadSeq ?? "—", problem: t(`audit.problems.${run.problem}`) });
  if (run.status === "interrupted") return t("auditIntegrity.resultInterrupted");
  return t("auditIntegrity.resultError", { errorId: run.errorId ?? "—" });
}

/** How long ago, as people say it: 45秒, 9分12秒, 3時間5分, 2日4時間. */
export function formatAge(ms: number, t: Translate): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return formatDuration(ms, t);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t("auditIntegrity.age.hours", { hours, minutes: minutes % 60 });
  return t("auditIntegrity.age.days", { days: Math.floor(hours / 24), hours: hours % 24 });
}
