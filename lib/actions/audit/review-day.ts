import { reviewDay as review } from "@/lib/audit/review";
import { reviewDayInput } from "@/lib/audit/review-schemas";
import { defineAction } from "../types";

/** An auditor marks every event of a JST day matching a filter reviewed, with a comment. */
export const reviewDay = defineAction({
  name: "audit.review_day", permission: "audit.review", input: reviewDayInput, assurance: "none", subject: { kind: "none" },
  run: ({ tx, principal, now }, input) => review(tx, principal, input, now),
});
