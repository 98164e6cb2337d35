import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/guard";
import { recentAuditEvents } from "@/lib/audit/query";
import { getT } from "@/lib/i18n/server";
import { AuditTable } from "@/app/_components/audit-table";

export default async function HomePage() {
  const staff = await requireStaff("desk.home");
  const { t } = await getT();
  const events = await recentAuditEvents(await getDb(), { limit: 20, actorId: staff.id });
  return (
    <div className="space-y-5">
      <section className="card space-y-1">
        <h1 className="text-xl font-bold">{t("home.welcome", { name: staff.displayName })}</h1>
        <p className="text-sm">{t("home.yourRole", { role: t(`roles.${staff.role}`) })}</p>
        <p className="text-sm text-slate-600">{t(`roleDescriptions.${staff.role}`)}</p>
      </section>
      <section aria-labelledby="recent-title" className="space-y-2">
        <h2 id="recent-title" className="text-lg font-semibold">
          {t("home.recent")}
        </h2>
        {events.length === 0 ? <p className="text-sm text-slate-500">{t("home.recentEmpty")}</p> : <AuditTable rows={events} caption={t("home.recent")} compact />}
      </section>
    </div>
  );
}
