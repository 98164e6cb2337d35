import { eq } from "drizzle-orm";
import { staff } from "@/db/schema";
import { enableStaffInput } from "@/lib/staff/schemas";
import { ActionError, defineAction } from "../types";
import { loadTargetStaff } from "./load-target";

export const enableStaff = defineAction({
  name: "staff.enable",
  permission: "staff.enable",
  input: enableStaffInput,
  assurance: "none",
  async run({ tx, principal, now }, input) {
    const target = await loadTargetStaff(tx, principal, input.staffId);
    if (!target.disabledAt) throw new ActionError("conflict", "staff.errors.notDisabled", undefined, { targetStaffId: target.id });
    await tx.update(staff).set({ disabledAt: null, failedSignIns: 0, lockedUntil: null, updatedAt: now }).where(eq(staff.id, target.id));
    return {
      data: { staffId: target.id },
      audit: { targetStaffId: target.id, reason: input.reason, details: { before: { disabled: true }, after: { disabled: false } } },
    };
  },
});
