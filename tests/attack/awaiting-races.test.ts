import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { approvalRequests } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import type { ActionResult } from "@/lib/actions/types";
import { cancelTokenAction } from "@/lib/actions/tokens/cancel-token";
import { replaceTokenAction } from "@/lib/actions/tokens/replace-token";
import { resumeTokenAction } from "@/lib/actions/tokens/resume-token";
import { suspendTokenAction } from "@/lib/actions/tokens/suspend-token";
import { fixedClock } from "@/lib/time/clock";
import { createClient } from "@/tests/fixtures/api-clients";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { verifyCaller } from "@/tests/fixtures/emails";
import { createSignedInStaff, formKey, staffOptions, type Member } from "@/tests/fixtures/staff";
import { activeToken, tokenRow } from "@/tests/fixtures/tokens";
import { onPostgres, pgliteSkipReason, recordFigure } from "./figures";

let t: TestDb;
let key: string;
const clock = fixedClock("2026-11-22T05:00:30.000Z");
let requester: Member;
let others: Member[] = [];

beforeAll(async () => {
  if (!onPostgres) return;
  t = await createTestDb();
  key = await createClient(t.db, clock, "banking", 100_000);
  requester = await createSignedInStaff(t.db, clock, "await.op1", "operator");
  others = [await createSignedInStaff(t.db, clock, "await.op2", "operator"), await createSignedInStaff(t.db, clock, "await.sv1", "supervisor")];
});
afterAll(async () => t?.close());

if (!onPostgres) console.log(`awaiting-approval races skipped: ${pgliteSkipReason}`);

describe.skipIf(!onPostgres)("a replacement request racing the desk's other changes to its token", () => {
  it("never leaves a pending request beside a token that is not suspended, whichever commits first", async () => {
    const rounds = 8;
    let requestsFiled = 0;
    for (let round = 0; round < rounds; round++) {
      const token = await activeToken(t.db, clock, key);
      for (const member of [requester, ...others]) await verifyCaller(t.db, clock, member, token.customerId);
      const ref = { customerId: token.customerId, tokenId: token.tokenId, reason: "同時操作の試験" };
      expect(await executeAction(suspendTokenAction, { ...ref, ...formKey() }, staffOptions(t.db, clock, requester))).toMatchObject({ ok: true });
      // The request, and at the same moment other desks resuming (and on odd rounds cancelling) the token.
      const other = (i: number, as: Member) =>
        round % 2 === 1 && i === 0 ? executeAction(cancelTokenAction, { ...ref, ...formKey() }, staffOptions(t.db, clock, as)) : executeAction(resumeTokenAction, { ...ref, ...formKey() }, staffOptions(t.db, clock, as));
      const results: ActionResult<unknown>[] = await Promise.all([
        executeAction(replaceTokenAction, { ...ref, replaceReason: "lost", ...formKey() }, staffOptions(t.db, clock, requester)),
        ...Array.from({ length: 6 }, (_, i) => other(i, others[i % others.length]!)),
      ]);
      for (const r of results) if (!r.ok) expect(r.code, r.message).toBe("conflict");
      const pending = await t.db.select().from(approvalRequests).where(and(eq(approvalRequests.tokenId, token.tokenId), eq(approvalRequests.status, "pending")));
      const row = await tokenRow(t.db, token.tokenId);
      if (pending.length > 0) {
        requestsFiled++;
        expect(row.status, `round ${round}`).toBe("suspended");
      }
    }
    recordFigure("awaiting-race", "Rounds of a replacement request racing resume/cancel → pending request beside a token not suspended", `${rounds} → 0 (${requestsFiled} filed)`);
  });
});
