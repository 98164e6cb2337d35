import { cancelToken, cancelTokenInput } from "@/lib/tokens/lifecycle";
import { defineAction } from "../types";

/** 利用解除: the token is revoked for good; a new one may be issued from the next JST day. */
export const cancelTokenAction = defineAction({
  name: "token.cancel", permission: "token.cancel", input: cancelTokenInput, assurance: "verified", subject: { kind: "customer", id: (input) => input.customerId },
  run: ({ tx, now }, input) => cancelToken(tx, input, now),
});
