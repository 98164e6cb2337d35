import { eq } from "drizzle-orm";
import { staff } from "@/db/schema";
import { unlockStaffInput } from "@/lib/staff/schemas";
import { ActionError, defineAction } from "../types";
import { loadTargetStaff } from "./load-target";

export const unlockStaff = defineAction({
  name: "staff.unlock",
  permission: "staff.unlock",
  input: unlockStaffInput,
  assurance: "none",
  async run({ tx, principal, now }, input) {
    const target = await loadTargetStaff(tx, principal, input.staffId);
    const locked = target.lockedUntil !== null && target.lockedUntil > now;
    if (!locked && target.failedSignIns === 0) throw new ActionError("conflict", "staff.errors.notLocked", undefined, { targetStaffId: target.id });
    await tx.update(staff).set({ failedSignIns: 0, lockedUntil: null, updatedAt: now }).where(eq(staff.id, target.id));
    return {
      data: { staffId: target.id },
      audit: { targetStaffId: target.id, reason: input.reason, details: { before: { failedSignIns: target.failedSignIns, lockedUntil: target.lockedUntil }, after: { failedSignIns: 0, lockedUntil: null } } },
    };
  },
});
