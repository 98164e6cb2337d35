import { randomUUID } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { getDb, type Db } from "@/db/client";
import { executeAction } from "@/lib/actions/execute";
import { finishChainVerification } from "@/lib/actions/audit/finish-chain-verification";
import type { ActionResult } from "@/lib/actions/types";
import { reportUnexpected } from "@/lib/server/report-error";
import { systemClock, type Clock } from "@/lib/time/clock";
import { checkpointVerification } from "./config";
import { finishInputOf, recordProgress, RUN_HEARTBEAT_MS, type FinishRunInput } from "./integrity";
import { verifyAuditChain } from "./verify";

export interface VerificationJobOptions {
  checkpoints: { dir: string; publicKey: KeyObject } | null;
  clock?: Clock;
  batchSize?: number;
  /** Names the system actor in the audit log. */
  name?: string;
}

/**
 * Walks the chain for a run opened by `audit.verify_start`: progress (rows checked, heartbeat)
 * goes to the run's row as it goes — bookkeeping of this job, like the sequencer's own writes, not
 * a decision of anyone's, so no event per batch — and the result is recorded through
 * `audit.verify_finish` as the system actor. Never throws: a walk that fails is recorded as
 * "error" with an error id (the log has the rest).
 */
export async function runChainVerification(db: Db, runId: string, options: VerificationJobOptions): Promise<ActionResult<unknown>> {
  const clock = options.clock ?? systemClock;
  let checked = 0;
  let lastBeat = clock.now().getTime();
  let input: FinishRunInput;
  try {
    const report = await verifyAuditChain(db, {
      checkpoints: options.checkpoints,
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      onProgress: async (n) => {
        checked = n;
        const now = clock.now();
        if (now.getTime() - lastBeat < RUN_HEARTBEAT_MS) return;
        lastBeat = now.getTime();
        await recordProgress(db, runId, n, now);
      },
    });
    input = finishInputOf(runId, report);
  } catch (error) {
    input = { runId, result: "error", checked, errorId: reportUnexpected("chain_verification_error", error, { runId }) };
  }
  return executeAction(finishChainVerification, input, {
    db,
    clock,
    actor: { type: "system", name: options.name ?? "chain-verifier" },
    meta: { channel: "cli", locale: "en", requestId: randomUUID() },
  });
}

const running = globalThis as unknown as { __tokendeskVerifications?: Set<Promise<unknown>> };

/**
 * Starts the walk of a run `audit.verify_start` just opened, without waiting for it (the page polls
 * the run's row through `audit.verification_run`). The job is this process's, like the sequencer:
 * it takes the process's database and checkpoint key itself, so the server action that starts it
 * holds no database handle. The promise is kept so the process holds on to it; it never rejects.
 */
export async function launchChainVerification(runId: string): Promise<void> {
  const db = await getDb();
  const checkpoints = checkpointVerification();
  const jobs = (running.__tokendeskVerifications ??= new Set());
  const job = runChainVerification(db, runId, { checkpoints })
    .then((result) => {
      if (!result.ok) reportUnexpected("chain_verification_unrecorded", new Error(result.code), { runId });
    })
    .catch((error: unknown) => {
      reportUnexpected("chain_verification_unrecorded", error, { runId });
    })
    .finally(() => jobs.delete(job));
  jobs.add(job);
}
