import { disableAccount } from "@/lib/staff/accounts";
import { disableStaffInput } from "@/lib/staff/schemas";
import { defineAction } from "../types";

export const disableStaff = defineAction({
  name: "staff.disable", permission: "staff.disable", input: disableStaffInput, assurance: "none", subject: { kind: "staff", id: (input) => input.staffId },
  run: ({ tx, principal, now }, input) => disableAccount(tx, principal, input, now),
});
