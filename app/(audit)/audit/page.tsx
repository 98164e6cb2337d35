import { pageQuery } from "@/lib/actions/web";
import { auditListQuery } from "@/lib/audit/queries";
import { getT } from "@/lib/i18n/server";
import { AuditTable } from "@/app/_components/audit-table";
import { FormMessage } from "@/app/_components/form";
import { VerifyChain } from "./verify-chain";

export default async function AuditPage() {
  const result = await pageQuery(auditListQuery);
  const { t } = await getT();
  if (!result.ok) return <FormMessage kind="error">{result.message}</FormMessage>;
  const { events, lag } = result.data;
  const lagSeconds = (lag.oldestUnsealedAgeMs / 1000).toFixed(1);
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-bold">{t("audit.title")}</h1>
      <section aria-labelledby="sealing-title" className="card space-y-1" data-testid="sealing-lag">
        <h2 id="sealing-title" className="text-lg font-semibold">
          {t("audit.sealing.title")}
        </h2>
        <p className="text-sm">{lag.unsealed ? t("audit.sealing.behind", { count: lag.unsealed, seconds: lagSeconds }) : t("audit.sealing.current", { seq: lag.headSeq })}</p>
      </section>
      <VerifyChain />
      <section aria-labelledby="recent-events" className="space-y-2">
        <h2 id="recent-events" className="text-lg font-semibold">
          {t("audit.recent")}
        </h2>
        <AuditTable rows={events} caption={t("audit.recent")} />
      </section>
    </div>
  );
}
