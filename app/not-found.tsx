import Link from "next/link";
import { getT } from "@/lib/i18n/server";

export default async function NotFound() {
  const { t } = await getT();
  return (
    <main id="main" className="mx-auto max-w-xl p-8">
      <div className="card space-y-3">
        <h1 className="text-lg font-bold">{t("errors.notFoundPage")}</h1>
        <Link href="/" className="btn-secondary">
          {t("errors.backHome")}
        </Link>
      </div>
    </main>
  );
}
