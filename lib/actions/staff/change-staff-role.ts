import { eq } from "drizzle-orm";
import { staff } from "@/db/schema";
import { endAllSessions } from "@/lib/auth/sessions";
import { changeStaffRoleInput } from "@/lib/staff/schemas";
import { ActionError, defineAction } from "../types";
import { loadTargetStaff } from "./load-target";

export const changeStaffRole = defineAction({
  name: "staff.change_role",
  permission: "staff.change_role",
  input: changeStaffRoleInput,
  assurance: "none",
  async run({ tx, principal, now }, input) {
    const target = await loadTargetStaff(tx, principal, input.staffId);
    if (target.role === input.role) throw new ActionError("conflict", "staff.errors.sameRole", { role: "staff.errors.sameRole" }, { targetStaffId: target.id });
    await tx.update(staff).set({ role: input.role, updatedAt: now }).where(eq(staff.id, target.id));
    // A new role starts with a new sign-in, so no page rendered under the old role stays open.
    const endedSessions = await endAllSessions(tx, target.id, "role_changed", now);
    return {
      data: { staffId: target.id },
      audit: { targetStaffId: target.id, reason: input.reason, details: { before: { role: target.role }, after: { role: input.role }, endedSessions } },
    };
  },
});
