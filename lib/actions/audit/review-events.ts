import { reviewEvents as review } from "@/lib/audit/review";
import { reviewEventsInput } from "@/lib/audit/review-schemas";
import { defineAction } from "../types";

/** An auditor marks chosen events reviewed, with a comment (never their own events). */
export const reviewEvents = defineAction({
  name: "audit.review_events", permission: "audit.review", input: reviewEventsInput, assurance: "none", subject: { kind: "none" },
  run: ({ tx, principal, now }, input) => review(tx, principal, input, now),
});
