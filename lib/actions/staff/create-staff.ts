import { createStaffMember } from "@/lib/staff/accounts";
import { createStaffInput } from "@/lib/staff/schemas";
import { defineAction } from "../types";

export const createStaff = defineAction({
  name: "staff.create", permission: "staff.create", input: createStaffInput, assurance: "none", subject: { kind: "staff" },
  run: ({ tx, principal }, input) => createStaffMember(tx, principal, input),
});
