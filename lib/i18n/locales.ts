export const locales = ["ja", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "ja";
export const localeCookie = "td_locale";

export function toLocale(value: string | null | undefined): Locale {
  return value === "en" ? "en" : defaultLocale;
}
