import { isDemoMode } from "@/lib/config/env";
import { getT } from "@/lib/i18n/server";

/** On every page in demo mode (the root layout renders it): what is shown is made up, and no real data goes in. */
export async function DemoBanner() {
  if (!isDemoMode()) return null;
  const { t } = await getT();
  return (
    <aside aria-label={t("demoBanner.label")} className="border-b border-amber-300 bg-amber-100 px-4 py-1.5 text-center text-sm text-amber-950" data-testid="demo-banner">
      <strong className="mr-2">{t("demoBanner.title")}</strong>
      {t("demoBanner.text")}
    </aside>
  );
}
