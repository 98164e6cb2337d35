"use server";

import { startChainVerification } from "@/lib/actions/audit/start-chain-verification";
import type { QueryResult } from "@/lib/actions/query";
import type { ActionResult } from "@/lib/actions/types";
import { queryAsCurrentStaff, runAsCurrentStaff } from "@/lib/actions/web";
import type { RunView } from "@/lib/audit/integrity";
import { launchChainVerification } from "@/lib/audit/verification-job";
import { verificationRunQuery } from "@/lib/audit/workspace-queries";

export type StartState = ActionResult<{ runId: string }> | null;

/** Opens a run (audited) and walks the chain in the background; the page polls its progress. */
export async function startVerificationAction(): Promise<StartState> {
  const result = await runAsCurrentStaff(startChainVerification, {});
  if (result.ok) await launchChainVerification(result.data.runId);
  return result;
}

export async function verificationRunAction(runId: string): Promise<QueryResult<RunView>> {
  return queryAsCurrentStaff(verificationRunQuery, { runId });
}
