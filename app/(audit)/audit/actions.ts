"use server";

import { getDb } from "@/db/client";
import { getSessionState } from "@/lib/auth/guard";
import { auditReadRefusal } from "@/lib/actions/read-refusal";
import { can } from "@/lib/auth/permissions";
import { verifyAuditChain, type ChainReport } from "@/lib/audit/verify";

/** A read: walks the chain and reports the first bad sequence number. */
export async function verifyChainAction(): Promise<ChainReport | { forbidden: true }> {
  const state = await getSessionState();
  if (!state.staff || !can(state.staff.role, "audit.verify")) {
    await auditReadRefusal("audit.verify");
    return { forbidden: true };
  }
  return verifyAuditChain(await getDb());
}
