import { enableAccount } from "@/lib/staff/accounts";
import { enableStaffInput } from "@/lib/staff/schemas";
import { defineAction } from "../types";

export const enableStaff = defineAction({
  name: "staff.enable", permission: "staff.enable", input: enableStaffInput, assurance: "none", subject: { kind: "staff", id: (input) => input.staffId },
  run: ({ tx, principal, now }, input) => enableAccount(tx, principal, input, now),
});
