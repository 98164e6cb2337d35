"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { staff, staffSessions } from "@/db/schema";
import { getRequestMeta, getSessionState } from "@/lib/auth/guard";
import { endSession } from "@/lib/auth/sessions";
import { localeCookie, toLocale } from "@/lib/i18n/locales";
import { reportUnexpected } from "@/lib/server/report-error";
import { localeCookieOptions, sessionCookieNames } from "@/lib/server/security";
import { systemClock } from "@/lib/time/clock";

/** Ends the session in the database (so the JWT is worthless even if kept) and clears the cookie. */
export async function signOutAction(): Promise<void> {
  try {
    const state = await getSessionState();
    if (state.staff) {
      const db = await getDb();
      const [row] = await db
        .select({ session: staffSessions, staff })
        .from(staffSessions)
        .innerJoin(staff, eq(staff.id, staffSessions.staffId))
        .where(eq(staffSessions.id, state.staff.sessionId))
        .limit(1);
      if (row) await endSession(db, row.session, row.staff, "sign_out", systemClock.now(), await getRequestMeta());
    }
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
