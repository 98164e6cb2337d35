import { exchangeToken, exchangeTokenInput } from "@/lib/tokens/exchange";
import { defineAction } from "../types";

/** 交換: the old phone in hand proves itself with its current code; the new token is issued beside it. */
export const exchangeTokenAction = defineAction({
  name: "token.exchange", permission: "token.exchange", input: exchangeTokenInput, assurance: "verified", subject: { kind: "customer", id: (input) => input.customerId },
  run: ({ tx, now, principal }, input) => exchangeToken(tx, principal, input, now),
});
