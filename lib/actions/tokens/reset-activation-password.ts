import { resetActivationPassword, resetActivationPasswordInput } from "@/lib/tokens/reset-activation";
import { defineAction } from "../types";

/**
 * 利用開始パスワード再発行 on the caller's behalf. Any verified caller: the new password goes by post
 * to the registered address after a phone check, or on a slip handed over after a counter check,
 * so a phone operator never sees it.
 */
export const resetActivationPasswordAction = defineAction({
  name: "token.reset_activation", permission: "token.reset_activation", input: resetActivationPasswordInput, assurance: "verified",
  subject: { kind: "customer", id: (input) => input.customerId },
  run: ({ tx, principal, now }, input) => resetActivationPassword(tx, principal, input, now),
});
