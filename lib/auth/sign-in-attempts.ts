import { and, eq, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { staff, type Staff } from "@/db/schema";
import { MINUTE } from "@/lib/time/clock";

export const MAX_FAILED_SIGN_INS = 10;
export const SIGN_IN_LOCK_MS = 30 * MINUTE;

/**
 * One sign-in attempt, already counted as a failure before any factor was checked: however many
 * arrive at once, at most MAX_FAILED_SIGN_INS are ever checked per lock window.
 */
export interface CountedAttempt {
  /** The staff row as the count left it (fresh: TOTP last step, secrets). */
  member: Staff;
  /** This attempt's place in the run of failures (1 … MAX_FAILED_SIGN_INS). */
  ordinal: number;
  /** Set when this attempt was the last one allowed: it wrote the lock, which stands unless it succeeds. */
  lockedUntil: Date | null;
}

/**
 * Counts an attempt, atomically, before its password is checked. The MAX_FAILED_SIGN_INS-th writes
 * the lock at once, so every later concurrent attempt finds the account locked and is refused
 * unchecked (null). A lock that has run out starts a new count. `now` is the caller's clock, not
 * the database's, so the window follows the injected clock.
 */
export async function countAttempt(db: Queryable, staffId: string, now: Date): Promise<CountedAttempt | null> {
  const lockUntil = new Date(now.getTime() + SIGN_IN_LOCK_MS).toISOString();
  // Both SET expressions read the row as it was before this statement.
  const count = sql`(case when ${staff.lockedUntil} is null then ${staff.failedSignIns} else 0 end + 1)`;
  const [member] = await db
    .update(staff)
    .set({
      failedSignIns: count,
      lockedUntil: sql`case when ${count} >= ${MAX_FAILED_SIGN_INS} then ${lockUntil}::timestamptz else null end`,
    })
    .where(and(eq(staff.id, staffId), notLocked(now)))
    .returning();
  if (!member) return null;
  return { member, ordinal: member.failedSignIns, lockedUntil: member.lockedUntil };
}

/**
 * The condition under which a counted attempt that proved its factors may end the count: nobody
 * else locked the account meanwhile (its own lock, as the last allowed attempt, it may lift).
 */
export function mayClearCount(attempt: CountedAttempt, now: Date): SQL {
  const free = notLocked(now);
  return attempt.lockedUntil ? or(free, eq(staff.lockedUntil, attempt.lockedUntil))! : free;
}

/** The count starts over (a proven password on an account without an authenticator). False: locked meanwhile. */
export async function clearCount(db: Queryable, attempt: CountedAttempt, now: Date): Promise<boolean> {
  const rows = await db
    .update(staff)
    .set({ failedSignIns: 0, lockedUntil: null })
    .where(and(eq(staff.id, attempt.member.id), mayClearCount(attempt, now)))
    .returning({ id: staff.id });
  return rows.length === 1;
}

/** When the account is locked until, if it is locked now (for the audit trail of a refusal). */
export async function lockedUntilNow(db: Queryable, staffId: string, now: Date): Promise<Date | null> {
  const [row] = await db.select({ lockedUntil: staff.lockedUntil }).from(staff).where(eq(staff.id, staffId)).limit(1);
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

function notLocked(now: Date): SQL {
  return or(isNull(staff.lockedUntil), lte(staff.lockedUntil, now))!;
}
