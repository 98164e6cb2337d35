import { sqlState } from "@/lib/server/report-error";

/**
 * SQLSTATEs that mean another transaction got there first: a unique key taken between our check
 * and our insert (23505), a serializable snapshot that could not be kept (40001), or two writers
 * each waiting on the other (40P01). Nothing was changed; trying again is the answer, so the caller
 * gets a conflict it can act on, never an internal error.
 */
const LOST_RACE = new Set(["23505", "40001", "40P01"]);

/** The SQLSTATE when `error` is a lost race, else null. */
export function lostRace(error: unknown): string | null {
  const code = sqlState(error);
  return code && LOST_RACE.has(code) ? code : null;
}
