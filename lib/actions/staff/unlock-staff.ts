import { unlockAccount } from "@/lib/staff/accounts";
import { unlockStaffInput } from "@/lib/staff/schemas";
import { defineAction } from "../types";

export const unlockStaff = defineAction({
  name: "staff.unlock", permission: "staff.unlock", input: unlockStaffInput, assurance: "none", subject: { kind: "staff", id: (input) => input.staffId },
  run: ({ tx, principal, now }, input) => unlockAccount(tx, principal, input, now),
});
