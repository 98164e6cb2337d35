import { eq } from "drizzle-orm";
import { staff } from "@/db/schema";
import { endAllSessions } from "@/lib/auth/sessions";
import { disableStaffInput } from "@/lib/staff/schemas";
import { ActionError, defineAction } from "../types";
import { loadTargetStaff } from "./load-target";

export const disableStaff = defineAction({
  name: "staff.disable",
  permission: "staff.disable",
  input: disableStaffInput,
  assurance: "none",
  async run({ tx, principal, now }, input) {
    const target = await loadTargetStaff(tx, principal, input.staffId);
    if (target.disabledAt) throw new ActionError("conflict", "staff.errors.alreadyDisabled", undefined, { targetStaffId: target.id });
    await tx.update(staff).set({ disabledAt: now, updatedAt: now }).where(eq(staff.id, target.id));
    const endedSessions = await endAllSessions(tx, target.id, "disabled", now);
    return {
      data: { staffId: target.id },
      audit: { targetStaffId: target.id, reason: input.reason, details: { before: { disabled: false }, after: { disabled: true }, endedSessions } },
    };
  },
});
