import { getDb } from "@/db/client";
import type { AuditContext } from "@/lib/audit/append";
import { isDemoMode } from "@/lib/config/env";
import { systemClock } from "@/lib/time/clock";
import { endSession, sessionWithStaff } from "./sessions";
import { startTotpEnrolment } from "./sign-in";

/*
 * Signing in and out are authentication itself, not reads or changes a signed-in member asks
 * for: there is no session yet to check (or it is the one ending), so they stay outside the
 * action and query paths and audit through lib/auth/sessions.ts and lib/auth/sign-in.ts.
 */

/** Ends a web session in the database, so the JWT is worthless even if kept. */
export async function endWebSession(sessionId: string, context: AuditContext): Promise<void> {
  const db = await getDb();
  const row = await sessionWithStaff(db, sessionId);
  if (row) await endSession(db, row.session, row.staff, "sign_out", systemClock.now(), context);
}

/** Offers a new authenticator secret to a staff member who proved their password and has none. */
export async function startWebEnrolment(input: { loginId: string; password: string }, context: AuditContext) {
  return startTotpEnrolment(await getDb(), input, { now: systemClock.now(), demoMode: isDemoMode(), context });
}
