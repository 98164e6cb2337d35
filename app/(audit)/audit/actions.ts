"use server";

import { getDb } from "@/db/client";
import { getSessionState } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { checkpointVerification } from "@/lib/audit/config";
import { verifyAuditChain, type ChainReport } from "@/lib/audit/verify";

/** A read: walks the chain and the signed checkpoints and reports the first bad sequence number. */
export async function verifyChainAction(): Promise<ChainReport | { forbidden: true }> {
  const state = await getSessionState();
  if (!state.staff || !can(state.staff.role, "audit.verify")) return { forbidden: true };
  return verifyAuditChain(await getDb(), { checkpoints: checkpointVerification() });
}
