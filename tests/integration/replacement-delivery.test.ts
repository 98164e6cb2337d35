import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { customerNotices, tokens } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { activateTokenAction } from "@/lib/actions/tokens/activate-token";
import { replaceTokenAction } from "@/lib/actions/tokens/replace-token";
import { approveRequestAction } from "@/lib/actions/approvals/approve-request";
import { verifyCallerInPerson } from "@/lib/actions/verification/verify-caller-in-person";
import { openLetter } from "@/lib/letters/sealed";
import { fixedClock } from "@/lib/time/clock";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { createCustomer } from "@/tests/fixtures/customers";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { verifyCaller } from "@/tests/fixtures/emails";
import { createSignedInStaff, formKey, staffOptions, type Member } from "@/tests/fixtures/staff";
import { issue, tokenRow } from "@/tests/fixtures/tokens";
import { pdfText } from "@/tests/unit/letters/pdf-inspect";

/**
 * A replacement hands the customer a new token that only its activation password starts. Whichever
 * way the replacement completes, every token that can still be activated has exactly one way for its
 * customer to learn that password — a sealed letter in the outbox, or the counter slip returned this
 * once for the teller to print — and every notice says the way that was taken, never the other.
 */

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:00.000Z");
let apiKey: string;
let teller: Member, operator: Member, supervisor: Member;

beforeAll(async () => {
  t = await createTestDb();
  apiKey = await createClient(t.db, clock, "replacement-delivery-app", 100000);
  teller = await createSignedInStaff(t.db, clock, "teller.delivery", "teller");
  operator = await createSignedInStaff(t.db, clock, "operator.delivery", "operator");
  supervisor = await createSignedInStaff(t.db, clock, "supervisor.delivery", "supervisor");
});
afterAll(async () => t?.close());

const desk = (member: Member) => staffOptions(t.db, clock, member);
let seq = 0;

/** A customer with a confirmed e-mail, a postal address and one token in use. */
async function customerWithToken(nameKanji = "窓口 花子") {
  seq++;
  const customerId = await createCustomer(t.db, clock, { nameKanji, branchName: "新宿支店", emails: [`delivery${seq}@example.jp`] });
  const issued = await issue(t.db, clock, customerId);
  const activated = await executeAction(activateTokenAction, { serviceId: issued.serviceId, userId: issued.userId, activationPassword: issued.activationPassword }, apiOptions(t.db, clock, apiKey));
  if (!activated.ok || !activated.data.ok) throw new Error("activation failed");
  return { customerId, nameKanji, token: issued };
}

async function atCounter(c: { customerId: string; nameKanji: string }) {
  const result = await executeAction(verifyCallerInPerson, { customerId: c.customerId, documentType: "drivers_license", documentLast4: "1234", name: c.nameKanji, birthDate: "1980-04-01", photoMatches: "yes" }, desk(teller));
  expect(result).toMatchObject({ ok: true, data: { result: "passed" } });
}

const replace = (member: Member, c: { customerId: string; token: { tokenId: string } }, delivery?: "counter_slip" | "letter") =>
  executeAction(replaceTokenAction, { customerId: c.customerId, tokenId: c.token.tokenId, replaceReason: "lost", reason: "スマートフォン紛失のため", ...(delivery ? { delivery } : {}), ...formKey() }, desk(member));

/** What the customer is told about the activation password, per notice: the slip, the letter, or neither. */
function claim(body: string): "counter_slip" | "letter" | null {
  if (body.includes("窓口でお渡しした利用開始票")) return "counter_slip";
  if (body.includes("書面で登録住所")) return "letter";
  return null;
}

/**
 * For each of the customer's tokens that can still be activated: how many ways its password reaches
 * the customer (sealed letters naming its user ID, plus the slip the counter got if it names it).
 */
async function waysPerActivatableToken(customerId: string, slipPdf: string | null): Promise<Record<string, number>> {
  const rows = await t.db.select().from(tokens).where(eq(tokens.customerId, customerId));
  const notices = await t.db.select().from(customerNotices).where(eq(customerNotices.customerId, customerId));
  const letters = notices.flatMap((n) => (n.channel === "post" && n.letterEnc ? [openLetter(n.letterEnc)] : []));
  const slip = slipPdf ? await pdfText(new Uint8Array(Buffer.from(slipPdf, "base64"))) : "";
  const ways: Record<string, number> = {};
  for (const token of rows.filter((r) => r.status === "pending_activation" || r.status === "activation_locked")) {
    ways[token.serial] = letters.filter((l) => l.userId === token.userId).length + (slip.includes(token.userId) ? 1 : 0);
  }
  return ways;
}

async function claims(customerId: string) {
  const notices = await t.db.select().from(customerNotices).where(eq(customerNotices.customerId, customerId));
  return notices.filter((n) => n.kind === "token_replaced" || n.kind === "replacement_requested").map((n) => `${n.kind}:${n.channel}:${claim(n.body)}`).sort();
}

describe("a replacement's new activation password reaches the customer exactly one way, and the notices say which", () => {
  it("at the counter with the slip: the slip names the new token and carries its password; no letter; every notice says the slip", async () => {
    const c = await customerWithToken();
    await atCounter(c);
    const result = await replace(teller, c, "counter_slip");
    if (!result.ok || result.data.outcome !== "replaced") throw new Error(JSON.stringify(result));
    expect(result.data).toMatchObject({ delivery: "counter_slip", oldSerial: c.token.serial });
    expect(await waysPerActivatableToken(c.customerId, result.data.slipPdf)).toEqual({ [result.data.serial]: 1 });
    expect(await claims(c.customerId)).toEqual(["token_replaced:email:counter_slip", "token_replaced:post:counter_slip"]);
    expect((await tokenRow(t.db, c.token.tokenId)).status).toBe("revoked");
  });

  it("at the counter by post: one sealed letter for the new token, no slip, every notice says the letter", async () => {
    const c = await customerWithToken();
    await atCounter(c);
    const result = await replace(teller, c, "letter");
    if (!result.ok || result.data.outcome !== "replaced") throw new Error(JSON.stringify(result));
    expect(result.data).toMatchObject({ delivery: "letter", slipPdf: null });
    expect(await waysPerActivatableToken(c.customerId, result.data.slipPdf)).toEqual({ [result.data.serial]: 1 });
    expect(await claims(c.customerId)).toEqual(["token_replaced:email:letter", "token_replaced:post:letter"]);
  });

  it("by phone, once a supervisor approves: the request and the replacement both say the letter, and one letter goes", async () => {
    const c = await customerWithToken();
    await verifyCaller(t.db, clock, operator, c.customerId);
    const requested = await replace(operator, c);
    if (!requested.ok || requested.data.outcome !== "requested") throw new Error(JSON.stringify(requested));
    // Suspended, not yet replaced: nothing to activate, and no password exists yet.
    expect(await waysPerActivatableToken(c.customerId, null)).toEqual({});
    const approved = await executeAction(approveRequestAction, { requestId: requested.data.requestId, reason: "本人確認の内容を確認済み", ...formKey() }, desk(supervisor));
    if (!approved.ok || approved.data.kind !== "replacement") throw new Error(JSON.stringify(approved));
    expect(await waysPerActivatableToken(c.customerId, null)).toEqual({ [approved.data.serial]: 1 });
    expect(await claims(c.customerId)).toEqual(["replacement_requested:email:letter", "replacement_requested:post:letter", "token_replaced:email:letter", "token_replaced:post:letter"]);
  });

  it("when the slip cannot be made, nothing happens: the old token still works, no new token, nobody is told", async () => {
    // A private-use character (外字) is a valid name the slip's fonts cannot draw.
    const c = await customerWithToken("外字 \uE000子");
    await atCounter(c);
    const result = await replace(teller, c, "counter_slip");
    expect(result).toMatchObject({ ok: false, code: "conflict" });
    if (!result.ok) expect(result.message).toContain("利用開始票を作成できませんでした");
    expect((await tokenRow(t.db, c.token.tokenId)).status).toBe("active");
    expect(await t.db.select().from(tokens).where(eq(tokens.customerId, c.customerId))).toHaveLength(1);
    expect(await claims(c.customerId)).toEqual([]);
  });
});
