import { z } from "zod";
import { chainProblems, finishVerificationRun } from "@/lib/audit/integrity";
import { uuidField } from "@/lib/validation/identifiers";
import { defineAction } from "../types";

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const finishChainVerificationInput = z.object({
  runId: uuidField,
  result: z.enum(["ok", "failed", "error"]),
  checked: count,
  lastSeq: count.optional(),
  firstBadSeq: count.optional(),
  problem: z.enum(chainProblems).optional(),
  checkpoints: count.optional(),
  pending: count.optional(),
  errorId: uuidField.optional(),
});

/**
 * The background verifier (the system actor) records a run's result: the run's row is closed and
 * the result becomes an audit event — a broken chain as outcome "failed".
 */
export const finishChainVerification = defineAction({
  name: "audit.verify_finish", permission: "audit.record_verification", input: finishChainVerificationInput, assurance: "none", subject: { kind: "none" },
  run: ({ tx, now }, input) => finishVerificationRun(tx, input, now),
});
