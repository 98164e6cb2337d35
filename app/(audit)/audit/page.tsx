import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/guard";
import { recentAuditEvents } from "@/lib/audit/query";
import { sealingLag } from "@/lib/audit/sequencer";
import { getT } from "@/lib/i18n/server";
import { AuditTable } from "@/app/_components/audit-table";
import { VerifyChain } from "./verify-chain";

export default async function AuditPage() {
  await requireStaff("audit.view");
  const { t } = await getT();
  const db = await getDb();
  const [events, lag] = await Promise.all([recentAuditEvents(db, { limit: 200 }), sealingLag(db)]);
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
