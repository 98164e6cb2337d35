import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/guard";
import { recentAuditEvents } from "@/lib/audit/query";
import { getT } from "@/lib/i18n/server";
import { AuditTable } from "@/app/_components/audit-table";
import { VerifyChain } from "./verify-chain";

export default async function AuditPage() {
  await requireStaff("audit.view");
  const { t } = await getT();
  const events = await recentAuditEvents(await getDb(), { limit: 200 });
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-bold">{t("audit.title")}</h1>
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
