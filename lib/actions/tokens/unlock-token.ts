import { unlockToken, unlockTokenInput } from "@/lib/tokens/lifecycle";
import { defineAction } from "../types";

/** ロック解除: a token locked by ten wrong codes, for a verified caller, with a reason. */
export const unlockTokenAction = defineAction({
  name: "token.unlock", permission: "token.unlock", input: unlockTokenInput, assurance: "verified", subject: { kind: "customer", id: (input) => input.customerId },
  run: ({ tx, now }, input) => unlockToken(tx, input, now),
});
