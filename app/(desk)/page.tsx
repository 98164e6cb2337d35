import { pageQuery } from "@/lib/actions/web";
import { deskHomeQuery } from "@/lib/audit/queries";
import { getT } from "@/lib/i18n/server";
import { roleCapabilities } from "@/lib/auth/role-capabilities";
import { AuditTable } from "@/app/_components/audit-table";
import { FormMessage } from "@/app/_components/form";
import { can } from "@/lib/auth/permissions";
import { OverdueReviews } from "./overdue-reviews";
import { ApprovalsInbox } from "./approvals-inbox";

export default async function HomePage() {
  const result = await pageQuery(deskHomeQuery);
  const { t } = await getT();
  if (!result.ok || !result.data.me) return <FormMessage kind="error">{result.ok ? t("errors.forbidden") : result.message}</FormMessage>;
  const { me, events } = result.data;
  return (
    <div className="space-y-5">
      <section className="card space-y-1">
        <h1 className="text-xl font-bold">{t("home.welcome", { name: me.displayName })}</h1>
        <p className="text-sm">{t("home.yourRole", { role: t(`roles.${me.role}`) })}</p>
        <p className="text-sm text-slate-600">{t(`roleDescriptions.${me.role}`)}</p>
        <h2 id="can-title" className="pt-2 text-sm font-semibold">
          {t("roleCapabilities.title")}
        </h2>
        <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]" aria-labelledby="can-title" data-testid="role-capabilities">
          {roleCapabilities(me.role).map(({ group, permissions }) => (
            <div key={group} className="contents">
              <dt className="font-medium text-slate-700">{t(`roleCapabilities.groups.${group}`)}</dt>
              <dd>{permissions.map((p) => t(`permissions.${p}`)).join(t("roleCapabilities.separator"))}</dd>
            </div>
          ))}
        </dl>
      </section>
      <ApprovalsInbox />
      {can(me.role, "audit.review") && <OverdueReviews />}
      <section aria-labelledby="recent-title" className="space-y-2">
        <h2 id="recent-title" className="text-lg font-semibold">
          {t("home.recent")}
        </h2>
        {events.length === 0 ? <p className="text-sm text-slate-500">{t("home.recentEmpty")}</p> : <AuditTable rows={events} caption={t("home.recent")} compact />}
      </section>
    </div>
  );
}
