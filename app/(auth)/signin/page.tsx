import { connection } from "next/server";
import { redirect } from "next/navigation";
import { getSessionState } from "@/lib/auth/guard";
import { isDemoMode } from "@/lib/config/env";
import { DEMO_PASSWORD, demoAccounts } from "@/lib/demo/accounts";
import { getT } from "@/lib/i18n/server";
import { LocaleSwitch } from "@/app/_components/locale-switch";
import { FormMessage } from "@/app/_components/form";
import { SignInForm } from "./sign-in-form";

const endedReasons = ["idle", "max_age", "disabled", "ended", "unknown"] as const;

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const state = await getSessionState();
  if (state.staff) redirect("/");
  const params = await searchParams;
  const { t } = await getT();
  const ended = endedReasons.find((r) => r === params.ended);
  const demo = isDemoMode();
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-5xl flex-col items-center justify-center gap-6 px-4 py-8 lg:flex-row lg:items-start lg:pt-24">
      <section aria-labelledby="signin-title" className="card w-full max-w-md space-y-4">
        <div className="flex items-start justify-between gap-2">
          <div>
            <p className="text-sm font-bold tracking-wide text-brand-500">{t("app.name")}</p>
            <h1 id="signin-title" className="text-xl font-bold">
              {t("signIn.title")}
            </h1>
            <p className="text-xs text-slate-500">{t("app.tagline")}</p>
          </div>
          <LocaleSwitch label={t("app.switchTo")} ariaLabel={t("app.language")} className="btn-secondary" />
        </div>
        {ended && <FormMessage kind="error">{t(`signIn.ended.${ended}`)}</FormMessage>}
        {params.signedOut === "1" && <FormMessage kind="success">{t("signIn.signedOut")}</FormMessage>}
        <SignInForm />
      </section>
      {demo && (
        <aside aria-labelledby="demo-title" className="card w-full max-w-md space-y-3 border-amber-300 bg-amber-50" data-testid="demo-help">
          <h2 id="demo-title" className="font-bold text-amber-900">
            {t("signIn.demo.title")}
          </h2>
          <p className="text-sm">{t("signIn.demo.intro", { password: DEMO_PASSWORD })}</p>
          <p className="text-sm">{t("signIn.demo.codeHelp")}</p>
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left">
                <th scope="col" className="py-1">{t("signIn.demo.account")}</th>
                <th scope="col" className="py-1">{t("signIn.demo.role")}</th>
                <th scope="col" className="py-1">{t("signIn.demo.command")}</th>
              </tr>
            </thead>
            <tbody>
              {demoAccounts.map((a) => (
                <tr key={a.loginId} className="border-t border-amber-200">
                  <td className="py-1 font-mono">{a.loginId}</td>
                  <td className="whitespace-nowrap py-1" data-testid="demo-role">{t(`roles.${a.role}`)}</td>
                  <td className="py-1">
                    <code className="rounded bg-white px-1 text-xs">npm run demo:code -- {a.loginId}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </aside>
      )}
    </main>
  );
}
