import { addEmail } from "@/lib/emails/register";
import { addEmailInput } from "@/lib/emails/schemas";
import { defineAction } from "../types";

/** メールアドレス追加: registers an address for a verified caller and mails it the confirmation code. */
export const addEmailAction = defineAction({
  name: "email.add", permission: "email.add", input: addEmailInput, assurance: "verified", subject: { kind: "customer", id: (input) => input.customerId },
  run: ({ tx, now }, input) => addEmail(tx, input, now),
});
