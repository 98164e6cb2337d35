import { z } from "zod";
import { startVerificationRun } from "@/lib/audit/integrity";
import { defineAction } from "../types";

/**
 * "Verify now": opens a verification run (one at a time). The walk itself runs in the background
 * (lib/audit/verification-job.ts) and its result is recorded by `audit.verify_finish`.
 */
export const startChainVerification = defineAction({
  name: "audit.verify_start", permission: "audit.verify", input: z.object({}), assurance: "none", subject: { kind: "none" },
  run: ({ tx, principal, now }) => startVerificationRun(tx, principal, now),
});
