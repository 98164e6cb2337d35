"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The auditor's pages; "/audit" is current only on itself, the others on their sub-pages too. */
export function AuditNav({ label, links }: { label: string; links: Array<{ href: string; label: string }> }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="mb-5 border-b border-slate-200">
      <ul className="flex flex-wrap gap-1">
        {links.map((link) => {
          const current = link.href === "/audit" ? pathname === "/audit" : pathname.startsWith(link.href);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={current ? "page" : undefined}
                className={`-mb-px block border-b-2 px-3 py-2 text-sm ${current ? "border-brand-700 font-semibold text-brand-900" : "border-transparent text-slate-700 hover:border-slate-300"}`}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
