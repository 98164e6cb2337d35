import { SEALED_BODY } from "@/lib/notifications/enqueue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { customerNotices, registeredEmails } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { ActionError, defineAction } from "@/lib/actions/types";
import { addEmailAction } from "@/lib/actions/emails/add-email";
import { deleteEmailAction } from "@/lib/actions/emails/delete-email";
import { confirmEmailAction } from "@/lib/actions/emails/confirm-email";
import { viewCustomer } from "@/lib/actions/customers/view-customer";
import { addEmail } from "@/lib/emails/register";
import { CONFIRM_VALID_MS, MAX_CONFIRM_FAILURES, MAX_LIVE_EMAILS } from "@/lib/emails/policy";
import { uuidField } from "@/lib/validation/identifiers";
import { emailAddressField } from "@/lib/emails/schemas";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { createCustomer } from "@/tests/fixtures/customers";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { emailRows, mailedCode, verifyCaller } from "@/tests/fixtures/emails";
import { allAuditEvents, auditEventAt, createSignedInStaff, staffOptions, formKey, type Member } from "@/tests/fixtures/staff";

let t: TestDb;
const clock = fixedClock("2026-11-22T05:00:00.000Z");
let operator: Member, auditor: Member, admin: Member, other: Member;
let apiKey: string;
/** Every code and hash this file saw: none may reach the audit log. */
const secrets: string[] = [];

beforeAll(async () => {
  t = await createTestDb();
  operator = await createSignedInStaff(t.db, clock, "operator.emails", "operator");
  other = await createSignedInStaff(t.db, clock, "operator.other", "operator");
  auditor = await createSignedInStaff(t.db, clock, "auditor.emails", "auditor");
  admin = await createSignedInStaff(t.db, clock, "admin.emails", "admin");
  apiKey = await createClient(t.db, clock, "internet-banking", 100_000);
});
afterAll(async () => t?.close());

const reason = { reason: "お客さまのご依頼" };
const as = (member: Member) => staffOptions(t.db, clock, member);

/** A customer with these (confirmed, imported) addresses, verified by the operator just now. */
async function verifiedCustomer(emails: string[] = []): Promise<{ customerId: string; contractId: string }> {
  const customerId = await createCustomer(t.db, clock, { emails });
  await verifyCaller(t.db, clock, operator, customerId);
  const view = await executeAction(viewCustomer, { customerId }, as(operator));
  if (!view.ok) throw new Error("view");
  return { customerId, contractId: view.data.identity.contractId };
}

async function add(customerId: string, address: string, member = operator) {
  const result = await executeAction(addEmailAction, { customerId, address, ...reason, ...formKey() }, as(member));
  if (result.ok) {
    const [row] = await t.db.select().from(registeredEmails).where(eq(registeredEmails.id, result.data.emailId));
    secrets.push(await mailedCode(t.db, row!.address), row!.confirmCodeHash!);
  }
  return result;
}

function confirm(contractId: string, address: string, code: string, at = clock) {
  return executeAction(confirmEmailAction, { contractId, address, code }, apiOptions(t.db, at, apiKey));
}

const noticesOf = (customerId: string) => t.db.select().from(customerNotices).where(eq(customerNotices.customerId, customerId));

describe("adding an address", () => {
  it("registers it unconfirmed, mails the code to it alone, tells the confirmed addresses, and the mailed code confirms it", async () => {
    const { customerId, contractId } = await verifiedCustomer(["taro@example.jp"]);
    const result = await add(customerId, "Hanako.Yamada@EXAMPLE.jp");
    expect(result).toMatchObject({ ok: true, data: { maskedAddress: "H****@example.jp", notices: 2, confirmBy: new Date(clock.now().getTime() + CONFIRM_VALID_MS).toISOString() } });
    if (!result.ok) return;

    const rows = await emailRows(t.db, customerId);
    const added = rows.find((r) => r.id === result.data.emailId)!;
    // The domain is lower-cased, the mailbox kept as typed; nothing confirmed yet.
    expect(added).toMatchObject({ address: "Hanako.Yamada@example.jp", confirmedAt: null, confirmFailures: 0, deletedAt: null });
    expect(added.confirmCodeHash).toMatch(/^\$argon2id\$/);

    const notices = await noticesOf(customerId);
    expect(notices.map((n) => [n.kind, n.channel, n.recipient]).sort()).toEqual([
      ["email_added", "email", "taro@example.jp"],
      ["email_confirmation", "email", "Hanako.Yamada@example.jp"],
    ]);
    // The code is in the new address's mail only; the other address learns the masked address.
    const code = await mailedCode(t.db, "Hanako.Yamada@example.jp");
    expect(code).toMatch(/^\d{8}$/);
    expect(notices.find((n) => n.kind === "email_added")!.body).toContain("H****@example.jp");
    expect(notices.find((n) => n.kind === "email_added")!.body).not.toContain(code);
    // The outbox keeps the code's mail sealed: its stored body says so and holds no code.
    const confirmation = notices.find((n) => n.kind === "email_confirmation")!;
    expect(confirmation.body).toBe(SEALED_BODY);
    expect(confirmation.letterEnc).not.toContain(code);

    const event = await auditEventAt(t.db, result.auditEventId);
    expect(event).toMatchObject({ action: "email.add", outcome: "success", customerId, reason: "お客さまのご依頼", details: { emailId: added.id, maskedAddress: "H****@example.jp", notices: 2 } });

    // Internet banking passes on what the customer typed (the address in any case).
    const confirmed = await confirm(contractId, "hanako.yamada@example.jp", code);
    expect(confirmed).toMatchObject({ ok: true, data: { ok: true, result: "confirmed", confirmedAt: clock.now().toISOString() } });
    const [after] = await t.db.select().from(registeredEmails).where(eq(registeredEmails.id, added.id));
    expect(after).toMatchObject({ confirmedAt: clock.now(), confirmCodeHash: null });
    expect(await auditEventAt(t.db, confirmed.ok ? confirmed.auditEventId : undefined)).toMatchObject({ action: "token_service.confirm_email", outcome: "success", customerId, actorType: "api_client", details: { result: "accepted", emailId: added.id } });

    // Once confirmed it cannot be confirmed again, and it now hears the customer's notices.
    expect(await confirm(contractId, "Hanako.Yamada@example.jp", code)).toMatchObject({ ok: true, data: { ok: false, reason: "email_already_confirmed" } });
    const view = await executeAction(viewCustomer, { customerId }, as(operator));
    expect(view.ok && view.data.emails.map((e) => [e.address, e.state]).sort()).toEqual([["Hanako.Yamada@example.jp", "confirmed"], ["taro@example.jp", "confirmed"]]);
  });

  it("refuses an address the customer already has, in any case, beside the field", async () => {
    const { customerId } = await verifiedCustomer(["taro@example.jp"]);
    const result = await add(customerId, "TARO@Example.JP");
    expect(result).toMatchObject({ ok: false, code: "conflict" });
    if (result.ok) return;
    expect(result.fieldErrors?.address?.[0]).toContain("既に登録されています");
    expect(await emailRows(t.db, customerId)).toHaveLength(1);
    expect(await noticesOf(customerId)).toHaveLength(0);
  });

  it(`refuses a ${MAX_LIVE_EMAILS + 1}th address, waiting ones included, with a message naming the limit`, async () => {
    const { customerId } = await verifiedCustomer(["a@example.jp"]);
    expect(await add(customerId, "b@example.jp")).toMatchObject({ ok: true });
    expect(await add(customerId, "c@example.jp")).toMatchObject({ ok: true });
    const fourth = await add(customerId, "d@example.jp");
    expect(fourth).toMatchObject({ ok: false, code: "conflict" });
    expect(!fourth.ok && fourth.message).toContain(`${MAX_LIVE_EMAILS}件まで`);
    expect((await emailRows(t.db, customerId)).map((r) => r.address).sort()).toEqual(["a@example.jp", "b@example.jp", "c@example.jp"]);
  });

  it("refuses a malformed address beside the field, changing nothing", async () => {
    const { customerId } = await verifiedCustomer();
    for (const address of ["taro", "taro@", "@example.jp", "taro@example", "taro@@example.jp", "taro @example.jp", "taro@exa_mple.jp", ".taro@example.jp", "太郎@example.jp", "taro@例え.jp", `${"a".repeat(65)}@example.jp`, `a@${"b".repeat(250)}.jp`, ""]) {
      const result = await executeAction(addEmailAction, { customerId, address, ...reason, ...formKey() }, as(operator));
      expect(result, address).toMatchObject({ ok: false, code: "invalid_input" });
      expect(!result.ok && Object.keys(result.fieldErrors ?? {}), address).toEqual(["address"]);
    }
    expect(await emailRows(t.db, customerId)).toHaveLength(0);
  });

  it("needs the caller verified by this staff member, and a role that may", async () => {
    const customerId = await createCustomer(t.db, clock);
    expect(await add(customerId, "x@example.jp")).toMatchObject({ ok: false, code: "verification_required" });
    await verifyCaller(t.db, clock, other, customerId);
    // Another operator's verification counts for nothing.
    expect(await add(customerId, "x@example.jp")).toMatchObject({ ok: false, code: "verification_required" });
    expect(await add(customerId, "x@example.jp", auditor)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await add(customerId, "x@example.jp", admin)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await emailRows(t.db, customerId)).toHaveLength(0);
    expect(await add(customerId, "x@example.jp", other)).toMatchObject({ ok: true });
  });

  it("writes its notices in the action's transaction: a refused action leaves none", async () => {
    const { customerId } = await verifiedCustomer(["taro@example.jp"]);
    const addThenRefuse = defineAction({
      name: "test.add_then_refuse", permission: "email.add", input: z.strictObject({ customerId: uuidField, address: emailAddressField }), assurance: "verified", subject: { kind: "customer", id: (i) => i.customerId },
      async run({ tx, now }, input) {
        await addEmail(tx, { ...input, reason: "試験のため", memo: undefined, ticket: undefined }, now);
        throw new ActionError("conflict", "errors.concurrentChange");
      },
    });
    expect(await executeAction(addThenRefuse, { customerId, address: "new@example.jp" }, as(operator))).toMatchObject({ ok: false, code: "conflict" });
    expect(await emailRows(t.db, customerId)).toHaveLength(1);
    expect(await noticesOf(customerId)).toHaveLength(0);
  });
});

describe("confirming an address", () => {
  it(`expires ${CONFIRM_VALID_MS / 3_600_000} hours after it was added`, async () => {
    const { customerId, contractId } = await verifiedCustomer();
    expect(await add(customerId, "late@example.jp")).toMatchObject({ ok: true });
    const code = await mailedCode(t.db, "late@example.jp");
    const later = fixedClock(new Date(clock.now().getTime() + CONFIRM_VALID_MS));
    const result = await confirm(contractId, "late@example.jp", code, later);
    expect(result).toMatchObject({ ok: true, data: { ok: false, reason: "confirmation_expired" } });
    expect(await auditEventAt(t.db, result.ok ? result.auditEventId : undefined)).toMatchObject({ outcome: "failed", customerId, details: { result: "refused", reason: "confirmation_expired" } });
    const [row] = await emailRows(t.db, customerId);
    expect(row).toMatchObject({ confirmedAt: null });
    // A moment before the deadline the same code still works.
    const inTime = fixedClock(new Date(clock.now().getTime() + CONFIRM_VALID_MS - 1));
    expect(await confirm(contractId, "late@example.jp", code, inTime)).toMatchObject({ ok: true, data: { ok: true } });
  });

  it(`voids the code after ${MAX_CONFIRM_FAILURES} wrong codes: even the right one is refused then`, async () => {
    const { customerId, contractId } = await verifiedCustomer();
    expect(await add(customerId, "typo@example.jp")).toMatchObject({ ok: true });
    const code = await mailedCode(t.db, "typo@example.jp");
    const wrong = String((Number(code) + 1) % 1e8).padStart(8, "0");
    for (let i = 1; i < MAX_CONFIRM_FAILURES; i++) {
      expect(await confirm(contractId, "typo@example.jp", wrong)).toMatchObject({ ok: true, data: { ok: false, reason: "wrong_confirmation_code" } });
    }
    const last = await confirm(contractId, "typo@example.jp", wrong);
    expect(last).toMatchObject({ ok: true, data: { ok: false, reason: "wrong_confirmation_code", lockedNow: true } });
    expect(await confirm(contractId, "typo@example.jp", code)).toMatchObject({ ok: true, data: { ok: false, reason: "confirmation_void" } });
    const [row] = await emailRows(t.db, customerId);
    expect(row).toMatchObject({ confirmedAt: null, confirmCodeHash: null, confirmFailures: MAX_CONFIRM_FAILURES });
    const view = await executeAction(viewCustomer, { customerId }, as(operator));
    expect(view.ok && view.data.emails[0]!.state).toBe("void");
  });

  it("refuses an address the contract does not have waiting, and a deleted one", async () => {
    const { customerId, contractId } = await verifiedCustomer(["taro@example.jp"]);
    expect(await add(customerId, "gone@example.jp")).toMatchObject({ ok: true });
    const code = await mailedCode(t.db, "gone@example.jp");
    expect(await confirm("7999999990", "gone@example.jp", code)).toMatchObject({ ok: true, data: { ok: false, reason: "unknown_email" } });
    const [gone] = (await emailRows(t.db, customerId)).filter((r) => r.address === "gone@example.jp");
    expect(await executeAction(deleteEmailAction, { customerId, emailId: gone!.id, ...reason, ...formKey() }, as(operator))).toMatchObject({ ok: true });
    expect(await confirm(contractId, "gone@example.jp", code)).toMatchObject({ ok: true, data: { ok: false, reason: "unknown_email" } });
  });
});

describe("deleting an address", () => {
  it("soft-deletes it with the reason, and tells the remaining and the removed address and the post", async () => {
    const { customerId } = await verifiedCustomer(["taro@example.jp", "jiro@example.jp"]);
    const [taro] = (await emailRows(t.db, customerId)).filter((r) => r.address === "taro@example.jp");
    const result = await executeAction(deleteEmailAction, { customerId, emailId: taro!.id, reason: "メールが届かないため", ticket: "INQ-0042", ...formKey() }, as(operator));
    expect(result).toMatchObject({ ok: true, data: { maskedAddress: "t****@example.jp", remaining: 1, notices: 3 } });
    const [row] = await t.db.select().from(registeredEmails).where(eq(registeredEmails.id, taro!.id));
    expect(row!.deletedAt).toEqual(clock.now());
    expect((await noticesOf(customerId)).map((n) => [n.kind, n.channel, n.channel === "email" ? n.recipient : "post"]).sort()).toEqual([
      ["email_removed", "email", "jiro@example.jp"],
      ["email_removed", "email", "taro@example.jp"],
      ["email_removed", "post", "post"],
    ]);
    expect(await auditEventAt(t.db, result.ok ? result.auditEventId : undefined)).toMatchObject({ action: "email.delete", reason: "メールが届かないため", ticket: "INQ-0042", details: { emailId: taro!.id, remaining: 1, notices: 3 } });
    // Gone from the desk's list; deleting it again finds nothing.
    const view = await executeAction(viewCustomer, { customerId }, as(operator));
    expect(view.ok && view.data.emails.map((e) => e.address)).toEqual(["jiro@example.jp"]);
    expect(await executeAction(deleteEmailAction, { customerId, emailId: taro!.id, ...reason, ...formKey() }, as(operator))).toMatchObject({ ok: false, code: "conflict" });
  });

  it("allows deleting the last address, and the customer is told by letter", async () => {
    const { customerId } = await verifiedCustomer(["only@example.jp"]);
    const [only] = await emailRows(t.db, customerId);
    const result = await executeAction(deleteEmailAction, { customerId, emailId: only!.id, ...reason, ...formKey() }, as(operator));
    expect(result).toMatchObject({ ok: true, data: { remaining: 0, notices: 2 } });
    const letters = (await noticesOf(customerId)).filter((n) => n.channel === "post");
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ kind: "email_removed", recipient: expect.stringContaining("試験 太郎 様") });
    expect(letters[0]!.body).toContain("o****@example.jp");
  });

  it("does not mail an address that was never confirmed, and voids its waiting code", async () => {
    const { customerId, contractId } = await verifiedCustomer();
    expect(await add(customerId, "unproved@example.jp")).toMatchObject({ ok: true });
    const code = await mailedCode(t.db, "unproved@example.jp");
    const [row] = await emailRows(t.db, customerId);
    const result = await executeAction(deleteEmailAction, { customerId, emailId: row!.id, ...reason, ...formKey() }, as(operator));
    expect(result).toMatchObject({ ok: true, data: { remaining: 0, notices: 1 } });
    const removed = await t.db.select().from(customerNotices).where(and(eq(customerNotices.customerId, customerId), eq(customerNotices.kind, "email_removed")));
    expect(removed.map((n) => n.channel)).toEqual(["post"]);
    expect(await confirm(contractId, "unproved@example.jp", code)).toMatchObject({ ok: true, data: { ok: false, reason: "unknown_email" } });
  });

  it("needs a verified caller and a role that may, and another customer's address is not found", async () => {
    const { customerId } = await verifiedCustomer(["keep@example.jp"]);
    const [keep] = await emailRows(t.db, customerId);
    expect(await executeAction(deleteEmailAction, { customerId, emailId: keep!.id, ...reason, ...formKey() }, as(other))).toMatchObject({ ok: false, code: "verification_required" });
    expect(await executeAction(deleteEmailAction, { customerId, emailId: keep!.id, ...reason, ...formKey() }, as(auditor))).toMatchObject({ ok: false, code: "forbidden" });
    expect(await executeAction(deleteEmailAction, { customerId, emailId: keep!.id, ...formKey() }, as(operator))).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { reason: expect.any(Array) } });
    const { customerId: elsewhere } = await verifiedCustomer();
    expect(await executeAction(deleteEmailAction, { customerId: elsewhere, emailId: keep!.id, ...reason, ...formKey() }, as(operator))).toMatchObject({ ok: false, code: "conflict" });
    expect((await emailRows(t.db, customerId))[0]!.deletedAt).toBeNull();
  });
});

it("no confirmation code or its hash reaches the audit log", async () => {
  expect(secrets.length).toBeGreaterThan(10);
  const events = JSON.stringify(await allAuditEvents(t.db));
  for (const secret of secrets) expect(events).not.toContain(secret);
});
