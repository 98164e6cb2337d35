import { z } from "zod";
import { defineQuery } from "@/lib/actions/query";
import { ActionError } from "@/lib/actions/types";
import { auditCheckpointDir } from "@/lib/config/env";
import { uuidField } from "@/lib/validation/identifiers";
import { publicKeyFingerprint } from "./checkpoint";
import { checkpointVerification } from "./config";
import { integrityStatus, verificationRuns } from "./integrity";
import { buildReport, reportInput } from "./reports";
import { overdueReviews, reviewPage } from "./review";
import { reviewPageInput } from "./review-schemas";

/** The integrity page: sealing, the newest signed checkpoint, the signing key's fingerprint and the verification runs. */
export const integrityQuery = defineQuery({
  name: "audit.integrity",
  permission: "audit.view",
  input: z.object({}),
  run: async ({ db, now }) => ({ ...(await integrityStatus(db, now, auditCheckpointDir())), keyFingerprint: publicKeyFingerprint(checkpointVerification().publicKey) }),
});

/** One run's progress, polled by the page while it runs. */
export const verificationRunQuery = defineQuery({
  name: "audit.verification_run",
  permission: "audit.view",
  input: z.object({ runId: uuidField }),
  async run({ db, now }, input) {
    const [run] = await verificationRuns(db, now, { limit: 1, id: input.runId });
    if (!run) throw new ActionError("not_found", "auditIntegrity.unknownRun");
    return run;
  },
});

/** The review page: one JST day's events under a filter, and the latest reviews. */
export const reviewsQuery = defineQuery({
  name: "audit.reviews",
  permission: "audit.view",
  input: reviewPageInput,
  run: ({ db, principal }, input) => reviewPage(db, input, principal.staff?.id ?? null),
});

/** The auditor's home: high-risk events left unreviewed past their working day. */
export const overdueReviewsQuery = defineQuery({
  name: "audit.overdue_reviews",
  permission: "audit.review",
  input: z.object({}),
  run: ({ db, now, principal }) => overdueReviews(db, now, principal.staff?.id ?? null),
});

/**
 * Reports over a date range. Audited: the anomalies name staff members and customers' contract
 * IDs, so who read them, for which range, is on record.
 */
export const auditReportQuery = defineQuery({
  name: "audit.report",
  permission: "audit.view",
  input: reportInput,
  audit: (input) => ({ details: { from: input.from, to: input.to } }),
  run: ({ db }, input) => buildReport(db, input),
});
