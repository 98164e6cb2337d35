import type { RegisteredEmail } from "@/db/schema";
import { MAX_CONFIRM_FAILURES } from "./policy";

/** Where an address stands, in the desk's words: 確認済み, 確認待ち, 期限切れ, or void after too many wrong codes. */
export type EmailState = "confirmed" | "pending" | "expired" | "void";

export function emailState(row: Pick<RegisteredEmail, "confirmedAt" | "confirmExpiresAt" | "confirmFailures" | "confirmCodeHash">, now: Date): EmailState {
  if (row.confirmedAt) return "confirmed";
  if (!row.confirmCodeHash || row.confirmFailures >= MAX_CONFIRM_FAILURES) return "void";
  if (!row.confirmExpiresAt || row.confirmExpiresAt <= now) return "expired";
  return "pending";
}
