import { asc } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { staff, type StaffRole } from "@/db/schema";
import { defineQuery } from "@/lib/actions/query";

export type StaffStatus = "active" | "disabled" | "locked" | "mfaPending";

export interface StaffListRow {
  id: string;
  loginId: string;
  displayName: string;
  role: StaffRole;
  status: StaffStatus;
  lastSignInAt: string | null;
  [key: string]: unknown;
}

/** Staff accounts for the admin page — never hashes or authenticator secrets. */
export async function listStaff(db: Queryable, now: Date): Promise<StaffListRow[]> {
  const rows = await db
    .select({
      id: staff.id,
      loginId: staff.loginId,
      displayName: staff.displayName,
      role: staff.role,
      disabledAt: staff.disabledAt,
      lockedUntil: staff.lockedUntil,
      enrolled: staff.totpSecretEnc,
      lastSignInAt: staff.lastSignInAt,
    })
    .from(staff)
    .orderBy(asc(staff.loginId));
  return rows.map((r) => ({
    id: r.id,
    loginId: r.loginId,
    displayName: r.displayName,
    role: r.role,
    status: r.disabledAt ? "disabled" : r.lockedUntil && r.lockedUntil > now ? "locked" : r.enrolled ? "active" : "mfaPending",
    lastSignInAt: r.lastSignInAt?.toISOString() ?? null,
  }));
}

/** The admin's staff list, with who is looking (admins do not manage their own account). */
export const staffListQuery = defineQuery({
  name: "staff.list",
  permission: "staff.view",
  input: z.object({}),
  async run({ db, now, principal }) {
    return { rows: await listStaff(db, now), currentStaffId: principal.staff?.id ?? null };
  },
});
