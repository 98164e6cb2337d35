import { createHmac } from "node:crypto";
import type { StaffRole } from "@/db/schema";
import { getSecrets } from "@/lib/config/env";

/** One demo account per role. They work only in demo mode (see lib/auth/sign-in.ts). */
export const DEMO_PASSWORD = "TokenDesk-demo-2026";

export const demoAccounts: ReadonlyArray<{ loginId: string; displayName: string; role: StaffRole }> = [
  { loginId: "operator1", displayName: "佐藤 美咲", role: "operator" },
  { loginId: "teller1", displayName: "鈴木 健一", role: "teller" },
  { loginId: "supervisor1", displayName: "高橋 由美", role: "supervisor" },
  { loginId: "auditor1", displayName: "田中 誠", role: "auditor" },
  { loginId: "admin1", displayName: "伊藤 直樹", role: "admin" },
];

/**
 * A demo account's authenticator secret, derived from this installation's demo secret so that
 * `npm run demo:code` can print the current code without opening the database.
 */
export function demoTotpSecret(loginId: string): Buffer {
  return createHmac("sha256", getSecrets().nextAuthSecret).update(`demo-totp:${loginId}`).digest().subarray(0, 20);
}
