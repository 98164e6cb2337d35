import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { staff, type Staff } from "@/db/schema";
import type { Principal } from "../types";
import { ActionError } from "../types";

/** Locks the staff row an admin action changes; admins may not act on their own account. */
export async function loadTargetStaff(tx: Tx, principal: Principal, staffId: string): Promise<Staff> {
  const [target] = await tx.select().from(staff).where(eq(staff.id, staffId)).for("update").limit(1);
  if (!target) throw new ActionError("not_found", "staff.errors.notFound");
  if (principal.staff?.id === target.id) {
    throw new ActionError("forbidden", "staff.errors.notOnSelf", undefined, { targetStaffId: target.id });
  }
  return target;
}
