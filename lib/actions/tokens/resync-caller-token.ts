import { resyncCallerTokenInput, resyncForCaller } from "@/lib/tokens/lifecycle";
import { defineAction } from "../types";

/**
 * パスワード補正 on the caller's behalf: the verified caller reads two consecutive codes from the
 * app. A wrong pair commits as a counted failure (outcome "failed"), like the app's own correction.
 */
export const resyncCallerTokenAction = defineAction({
  name: "token.resync", permission: "token.resync", input: resyncCallerTokenInput, assurance: "verified", subject: { kind: "customer", id: (input) => input.customerId },
  run: ({ tx, now }, input) => resyncForCaller(tx, input, now),
});
