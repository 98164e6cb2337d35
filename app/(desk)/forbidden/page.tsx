import Link from "next/link";
import { isPermission, staffRolesWith } from "@/lib/auth/permissions";
import { getT } from "@/lib/i18n/server";

/**
 * Where requireStaff sends a refused page view. `need` is only ever one of the known permission
 * names (anything else is ignored, never echoed): the page says which roles may do it.
 */
export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { t, locale } = await getT();
  const need = (await searchParams).need;
  const roles = isPermission(need) ? staffRolesWith(need) : [];
  const list = new Intl.ListFormat(locale, { type: "conjunction" }).format(roles.map((r) => t(`roles.${r}`)));
  return (
    <div className="card max-w-xl space-y-3">
      <h1 className="text-lg font-bold">{t("errors.forbiddenPage")}</h1>
      {isPermission(need) && roles.length > 0 && (
        <p className="text-sm" data-testid="forbidden-needed-roles">
          {t("errors.neededRoles", { permission: t(`permissions.${need}`), roles: list })}
        </p>
      )}
      <Link href="/" className="btn-secondary">
        {t("errors.backHome")}
      </Link>
    </div>
  );
}
