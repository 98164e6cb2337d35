import { cache } from "react";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getToken } from "next-auth/jwt";
import { getDb } from "@/db/client";
import type { StaffRole } from "@/db/schema";
import type { RequestMeta } from "@/lib/actions/types";
import { localeCookie, toLocale } from "@/lib/i18n/locales";
import { servedOverHttps } from "@/lib/server/security";
import { systemClock } from "@/lib/time/clock";
import { authOptions } from "./options";
import { can, type Permission } from "./permissions";
import { metaFromHeaders } from "./request-meta";
import { SESSION_IDLE_MS, checkSession } from "./sessions";

export interface CurrentStaff {
  id: string;
  loginId: string;
  displayName: string;
  role: StaffRole;
  sessionId: string;
  /** When the session ends if nothing else happens (idle limit or 12-hour limit, whichever is first). */
  expiresAt: Date;
}

export const getRequestMeta = cache(async (): Promise<RequestMeta> => {
  const [h, c] = await Promise.all([headers(), cookies()]);
  return { ...metaFromHeaders(h, "web"), locale: toLocale(c.get(localeCookie)?.value) };
});

export type SessionState = { staff: CurrentStaff } | { staff: null; reason: "none" | "unknown" | "ended" | "idle" | "max_age" | "disabled" };

/** The signed-in staff member, re-checked against the database once per request. */
export const getSessionState = cache(async (): Promise<SessionState> => {
  const token = await readJwt();
  if (!token) return { staff: null, reason: "none" };
  const now = systemClock.now();
  const check = await checkSession(await getDb(), token.sessionId, now, await getRequestMeta());
  if (!check.ok) return { staff: null, reason: check.reason };
  if (check.staff.id !== token.staffId) return { staff: null, reason: "unknown" };
  const idleEnds = now.getTime() + SESSION_IDLE_MS;
  const maxEnds = check.session.createdAt.getTime() + 12 * 60 * 60 * 1000;
  return {
    staff: {
      id: check.staff.id,
      loginId: check.staff.loginId,
      displayName: check.staff.displayName,
      role: check.staff.role,
      sessionId: check.session.id,
      expiresAt: new Date(Math.min(idleEnds, maxEnds)),
    },
  };
});

/** Decodes next-auth's session cookie; the JWT holds only the staff and session ids. */
async function readJwt(): Promise<{ staffId: string; sessionId: string } | null> {
  const c = await cookies();
  const token = await getToken({
    req: { cookies: Object.fromEntries(c.getAll().map((k) => [k.name, k.value])), headers: {} } as never,
    secret: authOptions().secret,
    secureCookie: servedOverHttps(),
  });
  if (typeof token?.sub !== "string" || typeof token.sid !== "string") return null;
  return { staffId: token.sub, sessionId: token.sid };
}

/** For pages: the signed-in staff member with this permission, or off to sign-in / the forbidden page. */
export async function requireStaff(permission: Permission): Promise<CurrentStaff> {
  const state = await getSessionState();
  if (!state.staff) redirect(state.reason === "none" ? "/signin" : `/signin?ended=${state.reason}`);
  // The forbidden page names the roles that may do this; it accepts only known permission names.
  if (!can(state.staff.role, permission)) redirect(`/forbidden?need=${encodeURIComponent(permission)}`);
  return state.staff;
}
