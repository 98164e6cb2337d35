import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq, gt, like } from "drizzle-orm";
import { z } from "zod";
import { auditEvents, customerNotices, demoMailbox } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { runQuery } from "@/lib/actions/query";
import { claimNotices } from "@/lib/actions/notices/claim-notices";
import { markNoticeSent } from "@/lib/actions/notices/finish-notice";
import { ActionError, defineAction } from "@/lib/actions/types";
import { listenDemoSmtp, type DemoSmtp } from "@/lib/notifications/demo-smtp";
import { SEALED_BODY, enqueueNotices } from "@/lib/notifications/enqueue";
import { sealLetter } from "@/lib/letters/sealed";
import { sampleLetter } from "@/lib/letters/sample-data";
import { listMailbox, listStuckNotices } from "@/lib/notifications/mailbox";
import { demoMailboxLetterQuery, demoMailboxQuery, stuckNoticesQuery } from "@/lib/notifications/queries";
import { demoLetterSender, smtpSender } from "@/lib/notifications/senders";
import { runNoticeBatch, type NoticeWorkerOptions } from "@/lib/notifications/worker";
import { fixedClock, MINUTE } from "@/lib/time/clock";
import { formatJst } from "@/lib/time/format";
import { createCustomer } from "@/tests/fixtures/customers";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { startTestSmtp, type TestSmtp } from "@/tests/fixtures/smtp";
import { apiOptions, createClient } from "@/tests/fixtures/api-clients";
import { auditEventAt, createSignedInStaff, maxEventId, staffOptions, systemOptions } from "@/tests/fixtures/staff";

let t: TestDb;
let smtp: TestSmtp;
const clock = fixedClock("2026-11-22T05:05:00.000Z");
/** The customer whose letters and mails the assertions below quote. */
function customerWithEmails(emails: string[]): Promise<string> {
  return createCustomer(t.db, clock, {
    nameKanji: "山田 花子", nameKana: "ヤマダ ハナコ", birthDate: "1985-02-03",
    branchCode: "002", branchName: "新宿支店", postalCode: "160-0022", address: "東京都新宿区新宿3-1-1", emails,
  });
}

/** Stands in for the desk actions to come: a change that writes its notices, then maybe fails. */
const changeWithNotice = defineAction({
  name: "test.change_with_notice",
  permission: "token.issue",
  input: z.strictObject({ customerId: z.uuid(), fail: z.boolean() }),
  assurance: "none",
  subject: { kind: "none" },
  async run({ tx, now }, input) {
    await enqueueNotices(tx, { customerId: input.customerId, kind: "activation_password_reset", facts: {}, now });
    if (input.fail) throw new ActionError("conflict", "notices.errors.notFound");
    return { data: null, audit: { customerId: input.customerId } };
  },
});

function worker(extra: Partial<NoticeWorkerOptions> = {}): NoticeWorkerOptions {
  return { db: t.db, clock, senders: [smtpSender(smtp.url, "TokenDesk <no-reply@tokendesk.invalid>"), demoLetterSender(t.db)], ...extra };
}

async function noticesOf(customerId: string) {
  return t.db.select().from(customerNotices).where(eq(customerNotices.customerId, customerId)).orderBy(customerNotices.channel, customerNotices.recipient);
}

beforeAll(async () => {
  t = await createTestDb();
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await smtp?.close();
  await t?.close();
});
beforeEach(() => {
  smtp.received.length = 0;
  smtp.reject = null;
});
afterEach(async () => {
  // Each test starts with an empty outbox: finish whatever a test left due.
  await t.raw("update customer_notices set status = 'sent' where status <> 'sent'");
});

describe("the outbox", () => {
  it("writes one notice per live e-mail, the removed address, and a letter when the kind needs one", async () => {
    const customerId = await customerWithEmails(["hanako@example.jp", "hanako.work@example.com"]);
    await t.db.transaction((tx) => enqueueNotices(tx, { customerId, kind: "email_removed", facts: { maskedAddress: "o****@example.net", removedAddress: "old@example.net" }, now: clock.now() }));
    await t.db.transaction((tx) => enqueueNotices(tx, { customerId, kind: "token_unlocked", facts: {}, now: clock.now() }));
    const rows = await noticesOf(customerId);
    const removed = rows.filter((r) => r.kind === "email_removed").map((r) => [r.channel, r.recipient]);
    expect(removed).toEqual([
      ["email", "hanako.work@example.com"], ["email", "hanako@example.jp"], ["email", "old@example.net"],
      ["post", "〒160-0022 東京都新宿区新宿3-1-1\n山田 花子 様"],
    ]);
    expect(rows.filter((r) => r.kind === "token_unlocked").map((r) => r.channel)).toEqual(["email", "email"]);
    expect(rows.every((r) => r.status === "pending" && r.attempts === 0)).toBe(true);
  });

  it("rolls back with the action that wrote it, and commits with it", async () => {
    const customerId = await customerWithEmails(["rollback@example.jp"]);
    const failed = await executeAction(changeWithNotice, { customerId, fail: true }, systemOptions(t.db, clock));
    expect(failed).toMatchObject({ ok: false, code: "conflict" });
    expect(await noticesOf(customerId)).toEqual([]);
    const done = await executeAction(changeWithNotice, { customerId, fail: false }, systemOptions(t.db, clock));
    expect(done.ok).toBe(true);
    expect((await noticesOf(customerId)).map((r) => r.channel)).toEqual(["email", "post"]);
  });
});

describe("delivery over SMTP", () => {
  it("delivers the Japanese and English text intact, with no sign-in link, and audits it as the system actor without the address", async () => {
    const customerId = await customerWithEmails(["hanako.mail@example.jp"]);
    await executeAction(changeWithNotice, { customerId, fail: false }, systemOptions(t.db, clock));
    const since = await maxEventId(t.db);
    expect(await runNoticeBatch(worker())).toEqual({ sent: 2, failed: 0, lost: 0 });

    expect(smtp.received).toHaveLength(1);
    const [{ to, mail }] = smtp.received as [(typeof smtp.received)[0]];
    expect(to).toBe("hanako.mail@example.jp");
    expect(mail.subject).toBe("【お知らせ】利用開始パスワード再発行のお知らせ / Your activation password was reset");
    expect(mail.text).toContain("山田 花子 様\n\n2026/11/22 14:05 にワンタイムパスワードの利用開始パスワードを再発行しました。");
    expect(mail.text).toContain("On 2026/11/22 14:05 (JST) we reset the activation password");
    expect(mail.text).not.toMatch(/https?:|:\/\//);
    expect(mail.html).toBe(false);

    const rows = await noticesOf(customerId);
    expect(rows.map((r) => [r.channel, r.status, r.attempts, r.sentAt?.toISOString()])).toEqual([
      ["email", "sent", 1, clock.now().toISOString()], ["post", "sent", 1, clock.now().toISOString()],
    ]);
    // The letter went to the demo post office, i.e. the demo mailbox.
    const letters = await listMailbox(t.db, customerId);
    expect(letters.map((l) => [l.channel, l.subject])).toEqual([["post", mail.subject]]);

    const events = await t.db.select().from(auditEvents).where(and(gt(auditEvents.id, since), like(auditEvents.action, "notice.%"))).orderBy(auditEvents.id);
    expect(events.map((e) => e.action)).toEqual(["notice.claim", "notice.mark_sent", "notice.mark_sent"]);
    for (const event of events) {
      expect(event).toMatchObject({ actorType: "system", actorId: "notice-worker", actorRole: "system", outcome: "success" });
      expect(JSON.stringify(event)).not.toMatch(/@|新宿|〒/);
    }
    expect(events[1]!.details).toMatchObject({ kind: "activation_password_reset", attempt: 1, result: "sent" });
  });

  it("sends a confirmation code's mail in full, while the outbox kept it sealed and keeps nothing readable after", async () => {
    const customerId = await customerWithEmails([]);
    await t.db.transaction((tx) => enqueueNotices(tx, { customerId, kind: "email_confirmation", facts: { address: "new.mail@example.jp", code: "48213907", confirmBy: new Date(clock.now().getTime() + 24 * 60 * MINUTE) }, now: clock.now() }));
    const [stored] = await noticesOf(customerId);
    expect(stored!.body).toBe(SEALED_BODY);
    expect(JSON.stringify(stored)).not.toContain("48213907");
    expect(await runNoticeBatch(worker())).toEqual({ sent: 1, failed: 0, lost: 0 });
    expect(smtp.received.map((r) => r.to)).toEqual(["new.mail@example.jp"]);
    expect(smtp.received[0]!.mail.text).toContain("48213907");
    const [sent] = await noticesOf(customerId);
    expect(sent).toMatchObject({ status: "sent", body: SEALED_BODY, letterEnc: null });
  });

  it("retries a refused send with backoff on the injected clock, keeping only a short error code", async () => {
    const customerId = await customerWithEmails(["retry@example.jp"]);
    await t.db.transaction((tx) => enqueueNotices(tx, { customerId, kind: "token_unlocked", facts: {}, now: clock.now() }));
    const start = clock.now().getTime();
    smtp.reject = 451;
    expect(await runNoticeBatch(worker())).toEqual({ sent: 0, failed: 1, lost: 0 });
    let [row] = await noticesOf(customerId);
    expect(row).toMatchObject({ status: "failed", attempts: 1, lastError: "smtp_451" });
    expect(row!.nextAttemptAt.getTime() - start).toBe(MINUTE);

    clock.advance(MINUTE - 1_000);
    expect(await runNoticeBatch(worker())).toEqual({ sent: 0, failed: 0, lost: 0 });
    clock.advance(1_000);
    smtp.reject = 550;
    expect(await runNoticeBatch(worker())).toEqual({ sent: 0, failed: 1, lost: 0 });
    [row] = await noticesOf(customerId);
    expect(row).toMatchObject({ status: "failed", attempts: 2, lastError: "smtp_550" });
    expect(row!.nextAttemptAt.getTime() - clock.now().getTime()).toBe(2 * MINUTE);

    smtp.reject = null;
    clock.advance(2 * MINUTE);
    expect(await runNoticeBatch(worker())).toEqual({ sent: 1, failed: 0, lost: 0 });
    [row] = await noticesOf(customerId);
    expect(row).toMatchObject({ status: "sent", attempts: 3, lastError: null });
    expect(smtp.received.map((r) => r.to)).toEqual(["retry@example.jp"]);
  });

  it("gives up after 8 attempts and shows the notice as stuck, without its recipient", async () => {
    const customerId = await customerWithEmails(["stuck@example.jp"]);
    await t.db.transaction((tx) => enqueueNotices(tx, { customerId, kind: "token_unlocked", facts: {}, now: clock.now() }));
    smtp.reject = 550;
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 8; attempt++) {
      expect(await runNoticeBatch(worker())).toMatchObject({ failed: 1 });
      const [row] = await noticesOf(customerId);
      delays.push((row!.nextAttemptAt.getTime() - clock.now().getTime()) / MINUTE);
      clock.advance(row!.nextAttemptAt.getTime() - clock.now().getTime());
    }
    expect(delays.slice(0, 7)).toEqual([1, 2, 4, 8, 16, 32, 64]);
    const [row] = await noticesOf(customerId);
    expect(row).toMatchObject({ status: "stuck", attempts: 8, lastError: "smtp_550" });
    clock.advance(24 * 60 * MINUTE);
    expect(await runNoticeBatch(worker())).toEqual({ sent: 0, failed: 0, lost: 0 });
    const stuck = (await listStuckNotices(t.db)).find((n) => n.id === row!.id);
    expect(stuck).toMatchObject({ kind: "token_unlocked", channel: "email", status: "stuck", attempts: 8, lastError: "smtp_550" });
    expect(JSON.stringify(stuck)).not.toContain("@");
  });

  it("lists stuck notices with their age for supervisors only, and audits anyone else's look", async () => {
    const customerId = await customerWithEmails(["stuck.page@example.jp"]);
    const queuedAt = clock.now();
    await t.db.transaction((tx) => enqueueNotices(tx, { customerId, kind: "token_unlocked", facts: {}, now: queuedAt }));
    smtp.reject = 550;
    expect(await runNoticeBatch(worker())).toMatchObject({ failed: 1 });
    clock.advance(150 * MINUTE);
    const supervisor = await createSignedInStaff(t.db, clock, "supervisor.stuck", "supervisor");

    const listed = await runQuery(stuckNoticesQuery, {}, staffOptions(t.db, clock, supervisor));
    if (!listed.ok) throw new Error(listed.code);
    // Waiting on its retry, two and a half hours after it was queued; the address is not on the page.
    expect(listed.data).toEqual([expect.objectContaining({ kind: "token_unlocked", channel: "email", status: "failed", attempts: 1, lastError: "smtp_550", ageMinutes: 150 })]);
    expect(JSON.stringify(listed.data)).not.toContain("stuck.page@example.jp");

    const operator = await createSignedInStaff(t.db, clock, "operator.stuck", "operator");
    const refused = await runQuery(stuckNoticesQuery, {}, staffOptions(t.db, clock, operator));
    expect(refused).toMatchObject({ ok: false, code: "forbidden" });
    const event = await auditEventAt(t.db, refused.ok ? undefined : refused.auditEventId);
    expect(event).toMatchObject({ action: "notice.stuck", outcome: "denied", actorRole: "operator" });
    expect(event.details).toMatchObject({ stage: "permission", permission: "notice.read_stuck" });
  });

  it("reclaims a notice left in sending past the lease; the first worker's late result is a conflict", async () => {
    const customerId = await customerWithEmails(["lease@example.jp"]);
    await t.db.transaction((tx) => enqueueNotices(tx, { customerId, kind: "token_unlocked", facts: {}, now: clock.now() }));
    const claim = await executeAction(claimNotices, { limit: 10, channels: ["email"] }, systemOptions(t.db, clock));
    if (!claim.ok) throw new Error(claim.code);
    const [lost] = claim.data.claimed as [(typeof claim.data.claimed)[0]];
    clock.advance(4 * MINUTE);
    expect(await runNoticeBatch(worker())).toEqual({ sent: 0, failed: 0, lost: 0 });
    clock.advance(MINUTE);
    expect(await runNoticeBatch(worker())).toEqual({ sent: 1, failed: 0, lost: 0 });
    const late = await executeAction(markNoticeSent, { noticeId: lost.id, attempt: lost.attempt }, systemOptions(t.db, clock));
    expect(late).toMatchObject({ ok: false, code: "conflict" });
    expect((await noticesOf(customerId))[0]).toMatchObject({ status: "sent", attempts: 2 });
  });
});

describe("the demo mailbox", () => {
  let demo: DemoSmtp;
  beforeAll(async () => {
    demo = await listenDemoSmtp(t.db);
  });
  afterAll(async () => demo?.close());

  it("files what the in-process receiver accepts under the notice's customer, UTF-8 intact", async () => {
    const customerId = await customerWithEmails(["demo1@example.jp", "demo2@example.jp"]);
    await t.db.transaction((tx) => enqueueNotices(tx, { customerId, kind: "token_suspended", facts: {}, now: clock.now() }));
    expect(await runNoticeBatch(worker({ senders: [smtpSender(demo.url, "TokenDesk <no-reply@tokendesk.invalid>"), demoLetterSender(t.db)] }))).toMatchObject({ sent: 3, failed: 0 });
    const box = await listMailbox(t.db, customerId);
    expect(box.map((m) => [m.channel, m.recipient]).sort()).toEqual([["email", "demo1@example.jp"], ["email", "demo2@example.jp"], ["post", "〒160-0022 東京都新宿区新宿3-1-1\n山田 花子 様"]]);
    for (const m of box) {
      expect(m.subject).toBe("【お知らせ】ワンタイムパスワード利用停止のお知らせ / Your one-time password was suspended");
      expect(m.body).toContain(`山田 花子 様\n\n${formatJst(clock.now())} にワンタイムパスワードの利用を停止しました。`);
    }
    expect((await t.db.select().from(demoMailbox).where(eq(demoMailbox.customerId, customerId))).length).toBe(3);
  });

  it("shows staff each customer's mail once chosen, and no one else", async () => {
    const customerId = await customerWithEmails(["page@example.jp"]);
    await t.db.transaction((tx) => enqueueNotices(tx, { customerId, kind: "token_unlocked", facts: {}, now: clock.now() }));
    expect(await runNoticeBatch(worker({ senders: [smtpSender(demo.url, "TokenDesk <no-reply@tokendesk.invalid>"), demoLetterSender(t.db)] }))).toMatchObject({ sent: 1, failed: 0 });
    const admin = await createSignedInStaff(t.db, clock, "admin.mailbox", "admin");
    const read = async (input: unknown) => {
      const result = await runQuery(demoMailboxQuery, input, staffOptions(t.db, clock, admin));
      if (!result.ok) throw new Error(result.code);
      return result.data;
    };

    const chosen = await read({ customerId });
    expect(chosen.customers).toContainEqual({ id: customerId, name: "山田 花子", received: 1 });
    expect(chosen.selected).toEqual({ id: customerId, name: "山田 花子" });
    expect(chosen.entries).toEqual([expect.objectContaining({ channel: "email", recipient: "page@example.jp", hasLetter: false })]);
    // Nobody chosen yet, or an id that is no one's or not an id at all: the list, no mailbox.
    for (const input of [{}, { customerId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a" }, { customerId: "山田" }]) {
      const none = await read(input);
      expect(none.selected, JSON.stringify(input)).toBeNull();
      expect(none.entries).toEqual([]);
      expect(none.customers).toContainEqual({ id: customerId, name: "山田 花子", received: 1 });
    }

    // The workers' system actor files mail but may not read it; an API client may not either.
    const key = await createClient(t.db, clock, "mailbox-page-client");
    for (const options of [systemOptions(t.db, clock), apiOptions(t.db, clock, key)]) {
      const refused = await runQuery(demoMailboxQuery, { customerId }, options);
      expect(refused).toMatchObject({ ok: false, code: "forbidden" });
      expect(JSON.stringify(refused)).not.toContain("page@example.jp");
      const event = await auditEventAt(t.db, refused.ok ? undefined : refused.auditEventId);
      expect(event).toMatchObject({ action: "demo.mailbox", outcome: "denied" });
      expect(event.details).toMatchObject({ stage: "permission", permission: "demo.mailbox_read" });
    }
  });

  it("opens a filed letter for staff through the mailbox's own permission, and for no one else", async () => {
    const customerId = await customerWithEmails(["letter@example.jp"]);
    await t.db.transaction((tx) => enqueueNotices(tx, { customerId, kind: "activation_password_reset", facts: {}, now: clock.now(), letter: sealLetter(sampleLetter) }));
    expect(await runNoticeBatch(worker({ senders: [smtpSender(demo.url, "TokenDesk <no-reply@tokendesk.invalid>"), demoLetterSender(t.db)] }))).toMatchObject({ sent: 2, failed: 0 });
    const box = await listMailbox(t.db, customerId);
    const letter = box.find((m) => m.hasLetter)!;
    const mail = box.find((m) => m.channel === "email")!;
    const teller = await createSignedInStaff(t.db, clock, "teller.mailbox", "teller");

    const opened = await runQuery(demoMailboxLetterQuery, { entryId: letter.id }, staffOptions(t.db, clock, teller));
    expect(opened).toMatchObject({ ok: true, data: { customerName: "山田 花子", userId: sampleLetter.userId, activationPassword: sampleLetter.activationPassword } });
    // An e-mail has no letter, and neither has an entry no one filed: the route answers 404 for both.
    expect(await runQuery(demoMailboxLetterQuery, { entryId: mail.id }, staffOptions(t.db, clock, teller))).toEqual({ ok: true, data: null });
    expect(await runQuery(demoMailboxLetterQuery, { entryId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a" }, staffOptions(t.db, clock, teller))).toEqual({ ok: true, data: null });

    // The workers' system actor files mail but may not read it; an API client may not either.
    const key = await createClient(t.db, clock, "mailbox-client");
    for (const options of [systemOptions(t.db, clock), apiOptions(t.db, clock, key)]) {
      const refused = await runQuery(demoMailboxLetterQuery, { entryId: letter.id }, options);
      expect(refused).toMatchObject({ ok: false, code: "forbidden" });
      expect(JSON.stringify(refused)).not.toContain(sampleLetter.activationPassword);
      const event = await auditEventAt(t.db, refused.ok ? undefined : refused.auditEventId);
      expect(event).toMatchObject({ action: "demo.mailbox_letter", outcome: "denied" });
      expect(event.details).toMatchObject({ stage: "permission", permission: "demo.mailbox_read" });
    }
  });
});
