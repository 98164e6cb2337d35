import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { approvalRequests, customers, tokens } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import type { ActionResult } from "@/lib/actions/types";
import { approveRequestAction } from "@/lib/actions/approvals/approve-request";
import { activateTokenAction } from "@/lib/actions/tokens/activate-token";
import { replaceTokenAction } from "@/lib/actions/tokens/replace-token";
import { verifyCallerByPhone } from "@/lib/actions/verification/verify-caller-by-phone";
import { verifyCallerInPerson } from "@/lib/actions/verification/verify-caller-in-person";
import { fixedClock } from "@/lib/time/clock";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { createCustomer } from "@/tests/fixtures/customers";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { createSignedInStaff, staffOptions, formKey, type Member } from "@/tests/fixtures/staff";
import { issue } from "@/tests/fixtures/tokens";
import { onPostgres, pgliteSkipReason, recordFigure } from "./figures";

let t: TestDb;
let key: string;
const clock = fixedClock("2026-11-22T05:00:30.000Z");
let desk: Member[] = [];
let supervisors: Member[] = [];

beforeAll(async () => {
  if (!onPostgres) return;
  t = await createTestDb();
  key = await createClient(t.db, clock, "banking", 100_000);
  desk = [
    await createSignedInStaff(t.db, clock, "replace.op1", "operator"),
    await createSignedInStaff(t.db, clock, "replace.op2", "operator"),
    await createSignedInStaff(t.db, clock, "replace.op3", "teller"),
    await createSignedInStaff(t.db, clock, "replace.op4", "supervisor"),
  ];
  supervisors = [
    await createSignedInStaff(t.db, clock, "replace.sv1", "supervisor"),
    await createSignedInStaff(t.db, clock, "replace.sv2", "supervisor"),
    await createSignedInStaff(t.db, clock, "replace.sv3", "supervisor"),
  ];
});
afterAll(async () => t?.close());

if (!onPostgres) console.log(`replacement races skipped: ${pgliteSkipReason}`);

/** An active token whose caller every desk member has verified, by phone or at the counter. */
async function verifiedToken(how: "phone" | "in_person") {
  const customerId = await createCustomer(t.db, clock, { emails: [`replace${Math.random().toString(36).slice(2, 8)}@example.jp`] });
  const issued = await issue(t.db, clock, customerId);
  const r = await executeAction(activateTokenAction, { serviceId: issued.serviceId, userId: issued.userId, activationPassword: issued.activationPassword }, apiOptions(t.db, clock, key));
  if (!r.ok || !r.data.ok) throw new Error("activation failed");
  const [c] = await t.db.select().from(customers).where(eq(customers.id, customerId));
  for (const member of how === "phone" ? desk : desk.filter((_, i) => i === 2)) {
    const v = how === "phone"
      ? await executeAction(verifyCallerByPhone, { customerId, name: c!.nameKana, birthDate: c!.birthDate, phone: c!.phone, branchCode: c!.branchCode, accountNumber: c!.accountNumber }, staffOptions(t.db, clock, member))
      : await executeAction(verifyCallerInPerson, { customerId, documentType: "drivers_license", documentLast4: "1234", name: c!.nameKanji, birthDate: c!.birthDate, photoMatches: "yes" }, staffOptions(t.db, clock, member));
    expect(v).toMatchObject({ ok: true, data: { result: "passed" } });
  }
  return issued;
}

async function tokensOf(customerId: string) {
  return t.db.select().from(tokens).where(eq(tokens.customerId, customerId));
}

describe.skipIf(!onPostgres)("replacement races for one customer", () => {
  it("20 parallel phone requests from four desk sessions file exactly one pending request; 20 parallel approvals issue exactly one new token", async () => {
    const token = await verifiedToken("phone");
    const results: ActionResult<unknown>[] = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        executeAction(replaceTokenAction, { customerId: token.customerId, tokenId: token.tokenId, replaceReason: "lost", reason: "同時依頼の試験", ...formKey() }, staffOptions(t.db, clock, desk[i % desk.length]!)),
      ),
    );
    const ok = results.filter((r) => r.ok);
    expect(ok).toHaveLength(1);
    for (const r of results) if (!r.ok) expect(r.code, r.message).toBe("conflict");
    const requests = await t.db.select().from(approvalRequests).where(eq(approvalRequests.customerId, token.customerId));
    expect(requests).toHaveLength(1);
    expect(requests[0]!.status).toBe("pending");
    const requestId = requests[0]!.id;

    // Three supervisors (none the requester) click approve at once, several times each.
    const approvals = await Promise.all(
      Array.from({ length: 20 }, (_, i) => executeAction(approveRequestAction, { requestId, reason: "同時承認の試験", ...formKey() }, staffOptions(t.db, clock, supervisors[i % supervisors.length]!))),
    );
    expect(approvals.filter((r) => r.ok)).toHaveLength(1);
    for (const r of approvals) if (!r.ok) expect(r.code, r.message).toBe("conflict");
    const after = await tokensOf(token.customerId);
    expect(after).toHaveLength(2);
    expect(after.filter((x) => x.status === "revoked")).toHaveLength(1);
    expect(after.filter((x) => x.status === "pending_activation")).toHaveLength(1);
    recordFigure("replacement-race", "Parallel replacement requests → pending requests / approvals → new tokens", `20 → 1 / 20 → 1`);
  });

  it("20 parallel counter replacements of one token give exactly one new token", async () => {
    const token = await verifiedToken("in_person");
    const teller = desk[2]!;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => executeAction(replaceTokenAction, { customerId: token.customerId, tokenId: token.tokenId, replaceReason: "stolen", delivery: "letter", reason: "同時再発行の試験", ...formKey() }, staffOptions(t.db, clock, teller))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results) if (!r.ok) expect(r.code, r.message).toBe("conflict");
    const after = await tokensOf(token.customerId);
    expect(after).toHaveLength(2);
    expect(after.filter((x) => x.status !== "revoked")).toHaveLength(1);
  });
});
