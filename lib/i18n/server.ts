import { cookies } from "next/headers";
import { createTranslator, type Translate } from "./translate";
import { localeCookie, toLocale, type Locale } from "./locales";

/** The signed-in person's language: a cookie set by the language switch, Japanese otherwise. */
export async function getLocale(): Promise<Locale> {
  return toLocale((await cookies()).get(localeCookie)?.value);
}

export async function getT(): Promise<{ t: Translate; locale: Locale }> {
  const locale = await getLocale();
  return { t: createTranslator(locale), locale };
}
