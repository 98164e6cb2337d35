import Link from "next/link";
import { getT } from "@/lib/i18n/server";

export default async function ForbiddenPage() {
  const { t } = await getT();
  return (
    <div className="card max-w-xl space-y-3">
      <h1 className="text-lg font-bold">{t("errors.forbiddenPage")}</h1>
      <Link href="/" className="btn-secondary">
        {t("errors.backHome")}
      </Link>
    </div>
  );
}
