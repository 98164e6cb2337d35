import { deleteEmail } from "@/lib/emails/register";
import { deleteEmailInput } from "@/lib/emails/schemas";
import { defineAction } from "../types";

/** メールアドレス削除: removes one address for a verified caller, with a reason; the customer is told by post too. */
export const deleteEmailAction = defineAction({
  name: "email.delete", permission: "email.delete", input: deleteEmailInput, assurance: "verified", subject: { kind: "customer", id: (input) => input.customerId },
  run: ({ tx, now }, input) => deleteEmail(tx, input, now),
});
