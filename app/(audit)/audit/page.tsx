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
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-bold">{t("audit.title")}</h1>
      <VerifyChain />
      <section aria-labelledby="recent-events" className="space-y-2">
        <h2 id="recent-events" className="text-lg font-semibold">
          {t("audit.recent")}
        </h2>
        <AuditTable rows={result.data} caption={t("audit.recent")} />
      </section>
    </div>
  );
}
