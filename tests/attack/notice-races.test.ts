import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { openDatabase, type DbHandle } from "@/db/client";
import { customerNotices } from "@/db/schema";
import { enqueueNotices } from "@/lib/notifications/enqueue";
import { NOTICE_HEADER, smtpSender } from "@/lib/notifications/senders";
import { runNoticeBatch, type BatchResult } from "@/lib/notifications/worker";
import { fixedClock } from "@/lib/time/clock";
import { createCustomer } from "@/tests/fixtures/customers";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { startTestSmtp, type TestSmtp } from "@/tests/fixtures/smtp";
import { onPostgres, pgliteSkipReason, recordFigure } from "./figures";

const NOTICES = 200;
let t: TestDb;
let smtp: TestSmtp;
const pools: DbHandle[] = [];
const clock = fixedClock("2026-11-22T05:05:00.000Z");

beforeAll(async () => {
  if (!onPostgres) return;
  t = await createTestDb();
  smtp = await startTestSmtp();
  // Two portal processes: two separate connection pools to the same database.
  for (let i = 0; i < 2; i++) pools.push(await openDatabase({ driver: "postgres", url: t.runtimeUrl!, max: 3 }));
});
afterAll(async () => {
  for (const pool of pools) await pool.close();
  await smtp?.close();
  await t?.close();
});

if (!onPostgres) console.log(`notice races skipped: ${pgliteSkipReason}`);

describe.skipIf(!onPostgres)("notice delivery races", () => {
  it(`two workers on two pools racing over ${NOTICES} notices deliver each exactly once`, async () => {
    const customerId = await createCustomer(t.db, clock, { nameKanji: "競争 一郎", nameKana: "キョウソウ イチロウ", emails: ["race@example.jp"] });
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < NOTICES; i++) await enqueueNotices(tx, { customerId, kind: "token_unlocked", facts: {}, now: clock.now() });
    });

    const drain = async (pool: DbHandle, name: string) => {
      const total: BatchResult = { sent: 0, failed: 0, lost: 0 };
      const options = { db: pool.db, clock, name, batchSize: 10, senders: [smtpSender(smtp.url, "TokenDesk <no-reply@tokendesk.invalid>")] };
      for (;;) {
        const r = await runNoticeBatch(options);
        total.sent += r.sent;
        total.failed += r.failed;
        total.lost += r.lost;
        if (r.sent + r.failed + r.lost === 0) return total;
      }
    };
    const started = performance.now();
    const [a, b] = await Promise.all([drain(pools[0]!, "notice-worker-a"), drain(pools[1]!, "notice-worker-b")]);
    const ms = performance.now() - started;

    const ids = smtp.received.map((r) => r.mail.headers.get(NOTICE_HEADER));
    const perNotice = new Map<unknown, number>();
    for (const id of ids) perNotice.set(id, (perNotice.get(id) ?? 0) + 1);
    const rows = await t.db.select().from(customerNotices).where(eq(customerNotices.customerId, customerId));
    recordFigure("notice-race-delivered", `Notices: 2 workers × ${NOTICES} notices → messages delivered`, ids.length);
    recordFigure("notice-race-split", "Notices: messages sent by worker A / worker B", `${a.sent} / ${b.sent}`);
    console.log(`notice race: ${ids.length} delivered in ${ms.toFixed(0)} ms (A ${a.sent}, B ${b.sent}, lost ${a.lost + b.lost})`);

    expect(ids.length).toBe(NOTICES);
    expect(perNotice.size).toBe(NOTICES);
    expect([...perNotice.values()].every((n) => n === 1)).toBe(true);
    expect(a.sent + b.sent).toBe(NOTICES);
    expect(a.failed + b.failed + a.lost + b.lost).toBe(0);
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });
});
