import { SignedInLayout } from "@/app/_components/signed-in-layout";
import type { MessageKey } from "@/lib/i18n/translate";
import { getT } from "@/lib/i18n/server";
import { AuditNav } from "./audit/audit-nav";

/** The auditor's pages, one per line. */
const auditPages: ReadonlyArray<{ href: string; label: MessageKey }> = [
  { href: "/audit", label: "auditNav.log" },
  { href: "/audit/integrity", label: "auditNav.integrity" },
  { href: "/audit/reviews", label: "auditNav.reviews" },
  { href: "/audit/reports", label: "auditNav.reports" },
];

export default async function Layout({ children }: { children: React.ReactNode }) {
  const { t } = await getT();
  return (
    <SignedInLayout>
      <AuditNav label={t("auditNav.label")} links={auditPages.map((p) => ({ href: p.href, label: t(p.label) }))} />
      {children}
    </SignedInLayout>
  );
}
