import { pageQuery } from "@/lib/actions/web";
import { getT } from "@/lib/i18n/server";
import { noticeKindKeys, type NoticeKind } from "@/lib/notifications/kinds";
import { stuckNoticesQuery } from "@/lib/notifications/queries";
import { formatJst } from "@/lib/time/format";
import { FormMessage } from "@/app/_components/form";

/** Supervisors: customer notices that have not gone out — waiting on a retry or given up. */
export default async function StuckNoticesPage() {
  const result = await pageQuery(stuckNoticesQuery);
  const { t } = await getT();
  if (!result.ok) return <FormMessage kind="error">{result.message}</FormMessage>;
  const notices = result.data;
  const age = (minutes: number) => {
    return minutes < 120 ? t("notices.stuck.ageMinutes", { minutes }) : t("notices.stuck.ageHours", { hours: Math.floor(minutes / 60) });
  };
  const kindLabel = (kind: string) => (noticeKindKeys.includes(kind as NoticeKind) ? t(`notices.kinds.${kind as NoticeKind}`) : kind);
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-bold">{t("notices.stuck.title")}</h1>
      <p className="text-sm text-gray-700">{t("notices.stuck.intro")}</p>
      {notices.length === 0 ? (
        <p className="text-sm">{t("notices.stuck.empty")}</p>
      ) : (
        <table className="w-full border-collapse bg-white text-sm">
          <thead>
            <tr className="border-b text-left">
              <th className="p-2">{t("notices.stuck.kind")}</th>
              <th className="p-2">{t("notices.stuck.channel")}</th>
              <th className="p-2">{t("notices.stuck.status")}</th>
              <th className="p-2">{t("notices.stuck.attempts")}</th>
              <th className="p-2">{t("notices.stuck.lastError")}</th>
              <th className="p-2">{t("notices.stuck.age")}</th>
              <th className="p-2">{t("notices.stuck.nextAttempt")}</th>
            </tr>
          </thead>
          <tbody>
            {notices.map((n) => (
              <tr key={n.id} className="border-b">
                <td className="p-2">{kindLabel(n.kind)}</td>
                <td className="p-2">{t(`notices.channels.${n.channel}`)}</td>
                <td className="p-2">{t(`notices.statuses.${n.status}`)}</td>
                <td className="p-2">{n.attempts}</td>
                <td className="p-2 font-mono">{n.lastError ?? "—"}</td>
                <td className="p-2">{age(n.ageMinutes)}</td>
                <td className="p-2">{n.status === "stuck" ? "—" : formatJst(n.nextAttemptAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
