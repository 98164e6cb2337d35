import { and, eq, isNull } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { staff, staffSessions, type Staff, type StaffSession } from "@/db/schema";
import { appendAuditEvent, type AuditContext } from "@/lib/audit/append";
import { HOUR, MINUTE } from "@/lib/time/clock";
import { isUuid } from "@/lib/validation/identifiers";

export const SESSION_IDLE_MS = 15 * MINUTE;
export const SESSION_MAX_MS = 12 * HOUR;
/** last_seen_at is written at most this often, so browsing does not write on every request. */
const TOUCH_EVERY_MS = 30_000;

export type SessionCheck =
  | { ok: true; staff: Staff; session: StaffSession }
  | { ok: false; reason: "unknown" | "ended" | "idle" | "max_age" | "disabled" };

/** A session and its staff member, or undefined when there is no such session. */
export async function sessionWithStaff(db: Queryable, sessionId: string): Promise<{ session: StaffSession; staff: Staff } | undefined> {
  const [row] = await db
    .select({ session: staffSessions, staff })
    .from(staffSessions)
    .innerJoin(staff, eq(staff.id, staffSessions.staffId))
    .where(eq(staffSessions.id, sessionId))
    .limit(1);
  return row;
}

/**
 * Re-checks a signed JWT session against the database: the staff row must be enabled and the
 * session neither ended, idle past 15 minutes nor older than 12 hours. Expiry is recorded once.
 */
export async function checkSession(db: Queryable, sessionId: string, now: Date, context: AuditContext): Promise<SessionCheck> {
  // A forged or garbled id is simply unknown; the uuid column would otherwise make the query throw.
  if (!isUuid(sessionId)) return { ok: false, reason: "unknown" };
  const row = await sessionWithStaff(db, sessionId);
  if (!row) return { ok: false, reason: "unknown" };
  const { session, staff: member } = row;
  if (session.endedAt) return { ok: false, reason: "ended" };
  let reason: "idle" | "max_age" | "disabled" | null = null;
  if (member.disabledAt) reason = "disabled";
  else if (now.getTime() - session.createdAt.getTime() > SESSION_MAX_MS) reason = "max_age";
  else if (now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MS) reason = "idle";
  if (reason) {
    await endSession(db, session, member, reason, now, context);
    return { ok: false, reason };
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.id, session.id));
  }
  return { ok: true, staff: member, session };
}

export async function endSession(
  db: Queryable,
  session: StaffSession,
  member: Staff,
  reason: "sign_out" | "idle" | "max_age" | "disabled",
  now: Date,
  context: AuditContext,
): Promise<void> {
  await db.transaction(async (tx) => {
    const ended = await tx
      .update(staffSessions)
      .set({ endedAt: now, endReason: reason })
      .where(and(eq(staffSessions.id, session.id), isNull(staffSessions.endedAt)))
      .returning({ id: staffSessions.id });
    if (ended.length === 0) return;
    await appendAuditEvent(
      tx,
      {
        actor: { type: "staff", id: member.id, role: member.role },
        action: reason === "sign_out" ? "auth.sign_out" : "auth.session_ended",
        outcome: "success",
        targetStaffId: member.id,
        details: { reason, sessionStartedAt: session.createdAt },
      },
      context,
      now,
    );
  });
}

/** Ends every open session of a staff member (disable, MFA reset), inside the caller's transaction. */
export async function endAllSessions(tx: Queryable, staffId: string, reason: "disabled" | "mfa_reset" | "role_changed", now: Date): Promise<number> {
  const ended = await tx
    .update(staffSessions)
    .set({ endedAt: now, endReason: reason })
    .where(and(eq(staffSessions.staffId, staffId), isNull(staffSessions.endedAt)))
    .returning({ id: staffSessions.id });
  return ended.length;
}
