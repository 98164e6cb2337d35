"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { setLocaleAction } from "../_actions/session";
import { useT } from "./i18n";

/** Switches between Japanese and English, staying on the same page. */
export function LocaleSwitch({ label, ariaLabel, className }: { label: string; ariaLabel: string; className?: string }) {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const t = useT();
  const next = t("app.switchTo") === "English" ? "en" : "ja";
  return (
    <form action={setLocaleAction} aria-label={ariaLabel}>
      <input type="hidden" name="locale" value={next} />
      <input type="hidden" name="back" value={search ? `${pathname}?${search}` : pathname} />
      <button type="submit" lang={next} className={className ?? "btn border border-white/40 text-white hover:bg-brand-700"}>
        {label}
      </button>
    </form>
  );
}
