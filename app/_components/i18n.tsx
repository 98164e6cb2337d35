"use client";

import { createContext, useContext, useMemo } from "react";
import type { Locale } from "@/lib/i18n/locales";
import { interpolate, lookup, type Messages, type Translate } from "@/lib/i18n/translate";

const I18nContext = createContext<{ locale: Locale; t: Translate } | null>(null);

export function I18nProvider({ locale, messages, children }: { locale: Locale; messages: Messages; children: React.ReactNode }) {
  const value = useMemo(() => ({ locale, t: ((key, vars) => interpolate(lookup(messages, key) ?? key, vars)) as Translate }), [locale, messages]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useT(): Translate {
  const context = useContext(I18nContext);
  if (!context) throw new Error("useT outside I18nProvider");
  return context.t;
}
