import Link from "next/link";
import { connection } from "next/server";
import { getSessionState } from "@/lib/auth/guard";
import { getT } from "@/lib/i18n/server";
import { Shell } from "./_components/shell";

/** Any unknown address: inside the usual frame (header, menu) for a signed-in user, with a way home. */
export default async function NotFound() {
  await connection();
  const [{ t }, state] = await Promise.all([getT(), getSessionState()]);
  const content = (
    <div className="card max-w-xl space-y-3">
      <h1 className="text-lg font-bold">{t("errors.notFoundPage")}</h1>
      <p className="text-sm text-slate-700">{t("errors.notFoundHint")}</p>
      <Link href="/" className="btn-secondary">
        {t("errors.backHome")}
      </Link>
    </div>
  );
  if (state.staff) return <Shell staff={state.staff}>{content}</Shell>;
  return (
    <main id="main" className="mx-auto max-w-xl p-8">
      {content}
    </main>
  );
}
