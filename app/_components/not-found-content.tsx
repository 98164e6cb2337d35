import Link from "next/link";
import { getT } from "@/lib/i18n/server";

/** What any "not found" says: the page does not exist, and a way home. */
export async function NotFoundContent() {
  const { t } = await getT();
  return (
    <div className="card max-w-xl space-y-3" data-testid="not-found">
      <h1 className="text-lg font-bold">{t("errors.notFoundPage")}</h1>
      <p className="text-sm text-slate-700">{t("errors.notFoundHint")}</p>
      <Link href="/" className="btn-secondary">
        {t("errors.backHome")}
      </Link>
    </div>
  );
}

