import Link from "next/link";
import { forPage, queryAsCurrentStaff } from "@/lib/actions/web";
import { auditExploreQuery } from "@/lib/audit/explorer-queries";
import { exploreFromParams } from "@/lib/audit/explorer";
import { getSessionState } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { getT } from "@/lib/i18n/server";
import { FormMessage } from "@/app/_components/form";
import { AuditExplorer } from "./explorer";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { input, columns } = exploreFromParams(await searchParams);
  const raw = await queryAsCurrentStaff(auditExploreQuery, input);
  // A malformed filter in a shared URL shows beside its field instead of a 404.
  const fieldErrors = !raw.ok && raw.code === "invalid_input" ? (raw.fieldErrors ?? {}) : null;
  const result = fieldErrors ? null : await forPage(raw, "audit.explore");
  const { t } = await getT();
  if (result && !result.ok) return <FormMessage kind="error">{result.message}</FormMessage>;
  const data = result?.data ?? null;
  const state = await getSessionState();
  const role = state.staff?.role;
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-bold">{t("auditExplorer.title")}</h1>
      {role && !can(role, "audit.view") && <p className="text-sm text-slate-700">{t("auditExplorer.teamNote")}</p>}
      {role && can(role, "audit.view") && (
        // Sealing and "verify now" live on the integrity page, which reads them through its own query.
        <p className="text-sm" data-testid="integrity-link">
          {t("auditExplorer.integrityNote")}{" "}
          <Link href="/audit/integrity" className="underline">
            {t("auditExplorer.integrityLink")}
          </Link>
        </p>
      )}
      <AuditExplorer
        input={input}
        columns={columns}
        page={data ? { rows: data.rows, next: data.next, previous: data.previous } : null}
        total={data?.total ?? null}
        choices={data ? { staff: data.choices.staff, clients: data.choices.clients, actions: data.choices.actions } : null}
        fieldErrors={fieldErrors}
        canExport={!!role && can(role, "audit.export")}
      />
      <p className="text-xs text-slate-600">{t("auditExplorer.retention")}</p>
    </div>
  );
}
