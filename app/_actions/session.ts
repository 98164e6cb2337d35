"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getRequestMeta, getSessionState } from "@/lib/auth/guard";
import { endWebSession } from "@/lib/auth/web-session";
import { localeCookie, toLocale } from "@/lib/i18n/locales";
import { reportUnexpected } from "@/lib/server/report-error";
import { localeCookieOptions, sessionCookieNames } from "@/lib/server/security";

/** Ends the session in the database (so the JWT is worthless even if kept) and clears the cookie. */
export async function signOutAction(): Promise<void> {
  try {
    const state = await getSessionState();
    if (state.staff) await endWebSession(state.staff.sessionId, await getRequestMeta());
  } catch (error) {
    // The cookie goes anyway: the session row then ends by idle time; the browser learns nothing more.
    reportUnexpected("sign_out_error", error);
  }
  const jar = await cookies();
  for (const name of sessionCookieNames) jar.delete(name);
  redirect("/signin?signedOut=1");
}

export async function setLocaleAction(formData: FormData): Promise<void> {
  const locale = toLocale(String(formData.get("locale") ?? ""));
  (await cookies()).set(localeCookie, locale, localeCookieOptions);
  const back = String(formData.get("back") ?? "/");
  // Only same-site paths: never an open redirect.
  redirect(back.startsWith("/") && !back.startsWith("//") ? back : "/");
}
