import { renewTokenAtDesk, renewTokenAtDeskInput } from "@/lib/tokens/renew-at-desk";
import { defineAction } from "../types";

/** 有効期限更新 by the desk for a verified caller whose token is within its renewal window. */
export const renewTokenAtDeskAction = defineAction({
  name: "token.renew", permission: "token.renew", input: renewTokenAtDeskInput, assurance: "verified",
  subject: { kind: "customer", id: (input) => input.customerId },
  run: ({ tx, now }, input) => renewTokenAtDesk(tx, input, now),
});
