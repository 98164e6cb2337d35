import { changeRole } from "@/lib/staff/accounts";
import { changeStaffRoleInput } from "@/lib/staff/schemas";
import { defineAction } from "../types";

export const changeStaffRole = defineAction({
  name: "staff.change_role", permission: "staff.change_role", input: changeStaffRoleInput, assurance: "none", subject: { kind: "staff", id: (input) => input.staffId },
  run: ({ tx, principal, now }, input) => changeRole(tx, principal, input, now),
});
