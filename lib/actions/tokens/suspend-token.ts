import { suspendToken, suspendTokenInput } from "@/lib/tokens/lifecycle";
import { defineAction } from "../types";

/** 利用停止: the token stops working at once, until a desk resumes it. */
export const suspendTokenAction = defineAction({
  name: "token.suspend", permission: "token.suspend", input: suspendTokenInput, assurance: "verified", subject: { kind: "customer", id: (input) => input.customerId },
  run: ({ tx, now }, input) => suspendToken(tx, input, now),
});
