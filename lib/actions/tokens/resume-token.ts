import { resumeToken, resumeTokenInput } from "@/lib/tokens/lifecycle";
import { defineAction } from "../types";

/** 利用再開: a suspended token returns to the state it was in. */
export const resumeTokenAction = defineAction({
  name: "token.resume", permission: "token.resume", input: resumeTokenInput, assurance: "verified", subject: { kind: "customer", id: (input) => input.customerId },
  run: ({ tx, now }, input) => resumeToken(tx, input, now),
});
