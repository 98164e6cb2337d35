"use server";

import { queryAsCurrentStaff } from "@/lib/actions/web";
import type { QueryResult } from "@/lib/actions/query";
import { verifyChainQuery } from "@/lib/audit/queries";
import type { ChainReport } from "@/lib/audit/verify";

/** A read: walks the chain and the signed checkpoints and reports the first bad sequence number. */
export async function verifyChainAction(): Promise<QueryResult<ChainReport>> {
  return queryAsCurrentStaff(verifyChainQuery, {});
}
