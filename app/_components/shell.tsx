import type { CurrentStaff } from "@/lib/auth/guard";
import { can, type Permission } from "@/lib/auth/permissions";
import { isDemoMode } from "@/lib/config/env";
import type { MessageKey } from "@/lib/i18n/translate";
import { getT } from "@/lib/i18n/server";
import { formatJst } from "@/lib/time/format";
import { signOutAction } from "../_actions/session";
import { LocaleSwitch } from "./locale-switch";
import { NavLinks } from "./nav-links";

const navigation: ReadonlyArray<{ href: string; label: MessageKey; permission: Permission; demoOnly?: boolean }> = [
  { href: "/", label: "nav.home", permission: "desk.home" },
  { href: "/customers", label: "customers.nav", permission: "customer.search" },
  { href: "/approvals", label: "nav.approvals", permission: "approval.decide" },
  { href: "/admin/staff", label: "nav.staff", permission: "staff.view" },
  { href: "/audit", label: "nav.audit", permission: "audit.explore" },
  { href: "/notices", label: "notices.nav", permission: "notice.read_stuck" },
  { href: "/demo/mailbox", label: "notices.mailboxNav", permission: "demo.mailbox_read", demoOnly: true },
];

/** The frame of every signed-in page: who is signed in, what they may open, language, sign-out. */
export async function Shell({ staff, children }: { staff: CurrentStaff; children: React.ReactNode }) {
  const { t } = await getT();
  const demo = isDemoMode();
  const links = navigation.filter((item) => can(staff.role, item.permission) && (demo || !item.demoOnly)).map((item) => ({ href: item.href, label: t(item.label) }));
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        {t("app.skipToContent")}
      </a>
      {/* The header spans the window, not the page's column: at 1366 px the longest menu (a supervisor's) then fits one row. */}
      <header className="bg-brand-900 text-white">
        <div className="flex flex-wrap items-center gap-x-5 gap-y-2 px-4 py-2" data-testid="header-bar">
          <div className="flex items-center gap-2">
            {/* The wordmark is the portal's name: its alt text is that name, nothing decorative. */}
            {/* A plain img: next/image writes an inline style attribute, which the CSP's style-src refuses. */}
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img src="/logo.svg" alt={t("app.name")} width={168} height={32} data-testid="portal-logo" />
            <span className="hidden text-xs text-brand-100 2xl:inline">{t("app.tagline")}</span>
          </div>
          <nav aria-label={t("app.mainNav")} className="flex-1" data-testid="main-nav">
            <NavLinks links={links} />
          </nav>
          <div className="flex items-center gap-3 text-sm">
            <div className="text-right leading-tight" data-testid="signed-in-staff">
              <div>
                <span className="sr-only">{t("app.signedInAs")}: </span>
                <span className="font-semibold">{staff.displayName}</span>
                <span className="badge ml-2 bg-brand-500 font-normal">{t(`roles.${staff.role}`)}</span>
              </div>
              <div className="text-xs text-brand-100">{t("app.sessionUntil", { time: formatJst(staff.expiresAt) })}</div>
            </div>
            <LocaleSwitch label={t("app.switchTo")} ariaLabel={t("app.language")} />
            <form action={signOutAction}>
              <button type="submit" className="btn border border-white/40 text-white hover:bg-brand-700">
                {t("app.signOut")}
              </button>
            </form>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-5">
        {children}
      </main>
    </div>
  );
}
