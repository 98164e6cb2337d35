"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export function NavLinks({ links }: { links: Array<{ href: string; label: string }> }) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-wrap gap-1">
      {links.map((link) => {
        const current = link.href === "/" ? pathname === "/" : pathname.startsWith(link.href);
        return (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={current ? "page" : undefined}
              className={`block whitespace-nowrap rounded px-3 py-1.5 text-sm ${current ? "bg-white text-brand-900 font-semibold" : "text-white hover:bg-brand-700"}`}
            >
              {link.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
