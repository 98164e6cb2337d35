import { asc, gt } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import type { Queryable } from "@/db/client";
import { GENESIS_HASH, computeHash } from "./chain";

export type ChainProblem = "hash_mismatch" | "broken_link" | "missing_sequence";

export type ChainReport =
  | { ok: true; checked: number; lastSeq: number; lastHash: string }
  | { ok: false; checked: number; firstBadSeq: number; problem: ChainProblem };

/** Walks the whole chain in sequence order and names the first event that does not verify. */
export async function verifyAuditChain(db: Queryable, batchSize = 2000): Promise<ChainReport> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, expectedSeq - 1))
      .orderBy(asc(auditEvents.seq))
      .limit(batchSize);
    for (const row of rows) {
      if (row.seq !== expectedSeq) return { ok: false, checked, firstBadSeq: expectedSeq, problem: "missing_sequence" };
      if (row.prevHash !== prevHash) return { ok: false, checked, firstBadSeq: row.seq, problem: "broken_link" };
      const { hash, ...rest } = row;
      if (computeHash(rest) !== hash) return { ok: false, checked, firstBadSeq: row.seq, problem: "hash_mismatch" };
      prevHash = hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < batchSize) return { ok: true, checked, lastSeq: expectedSeq - 1, lastHash: prevHash };
  }
}
