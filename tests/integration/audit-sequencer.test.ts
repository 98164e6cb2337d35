import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { openDatabase, type DbHandle } from "@/db/client";
import { auditChain, auditEvents } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append";
import { sealAll, sealingLag } from "@/lib/audit/sequencer";
import { verifyAuditChain } from "@/lib/audit/verify";
import { startSequencer } from "@/lib/audit/worker";
import { sealEverything } from "@/tests/fixtures/audit";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";

let t: TestDb;
let second: DbHandle;
const onPostgres = Boolean(process.env.DATABASE_URL);

beforeAll(async () => {
  if (!onPostgres) return;
  t = await createTestDb();
  second = await openDatabase({ driver: "postgres", url: t.url!, max: 4 });
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A writer: begins, waits, inserts its event, waits, then commits or (one in four) rolls back. */
async function writer(n: number, db = t.db): Promise<number | null> {
  let id: number | null = null;
  try {
    await db.transaction(async (tx) => {
      await sleep(Math.random() * 20);
      id = await appendAuditEvent(tx, { actor: { type: "system", id: "race", role: "system" }, action: "test.race", outcome: "success", details: { n } }, { channel: "cli" }, new Date());
      await sleep(Math.random() * 60);
      if (n % 4 === 1) throw new Error("rollback");
    });
    return id;
  } catch {
    return null;
  }
}

if (!onPostgres) console.log("sequencer races skipped: needs real PostgreSQL (set DATABASE_URL): PGlite runs one connection, so it cannot race");

describe.skipIf(!onPostgres)("the sequencer under concurrent writers (PostgreSQL)", () => {
  it("writers with random commit delays and rollbacks, two sequencers on two pools: a gap-free chain of exactly the committed events in (xid, id) order", async () => {
    const a = startSequencer(t.handle, { intervalMs: 5, leaderRetryMs: 5 });
    const b = startSequencer(second, { intervalMs: 5, leaderRetryMs: 5 });
    // Besides the leader's loop, a second sealer hammers from the other pool: the transaction lock keeps them apart.
    let hammering = true;
    const hammer = (async () => {
      while (hammering) {
        await sealAll(second.db);
        await sleep(3);
      }
    })();
    const ids: Array<number | null> = [];
    for (let round = 0; round < 4; round++) {
      ids.push(...(await Promise.all(Array.from({ length: 50 }, (_, i) => writer(round * 50 + i, i % 2 ? t.db : second.db)))));
    }
    await expect.poll(async () => (await sealingLag(t.db)).unsealed, { timeout: 30_000 }).toBe(0);
    hammering = false;
    await hammer;
    expect([a.leader, b.leader].filter(Boolean)).toHaveLength(1);
    await a.stop();
    await b.stop();

    const committed = ids.filter((id): id is number => id !== null).sort((x, y) => x - y);
    expect(committed.length).toBe(150);
    const events = await t.db.select({ id: auditEvents.id }).from(auditEvents).orderBy(asc(auditEvents.id));
    expect(events.map((e) => e.id)).toEqual(committed);

    const chain = await t.db
      .select({ seq: auditChain.seq, id: auditEvents.id, xid: auditEvents.xid })
      .from(auditChain)
      .innerJoin(auditEvents, eq(auditEvents.id, auditChain.eventId))
      .orderBy(asc(auditChain.seq));
    expect(chain.map((r) => r.seq)).toEqual(chain.map((_, i) => i + 1));
    expect(chain.map((r) => r.id).sort((x, y) => x - y)).toEqual(committed);
    const ordered = [...chain].sort((x, y) => (BigInt(x.xid) === BigInt(y.xid) ? x.id - y.id : BigInt(x.xid) < BigInt(y.xid) ? -1 : 1));
    expect(chain.map((r) => r.id)).toEqual(ordered.map((r) => r.id));
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, checked: 150, pending: 0 });
  });

  it("an event of a still-open transaction stays pending, and nothing after it is sealed before it", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let heldId = 0;
    const open = t.db.transaction(async (tx) => {
      heldId = await appendAuditEvent(tx, { actor: { type: "system", id: "race", role: "system" }, action: "test.held", outcome: "success" }, { channel: "cli" }, new Date());
      await held;
    });
    await expect.poll(() => heldId, { timeout: 10_000 }).toBeGreaterThan(0);
    const later = await writer(2);
    expect(later).toBeGreaterThan(heldId);
    expect((await sealAll(t.db)).sealed).toBe(0);
    expect((await sealingLag(t.db)).unsealed).toBe(1);
    release();
    await open;
    const before = (await sealingLag(t.db)).headSeq;
    await sealEverything(t.db);
    expect((await sealingLag(t.db)).headSeq).toBe(before + 2);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, pending: 0 });
  });

  it("the leader's lock passes to another process when the first stops", async () => {
    const a = startSequencer(t.handle, { intervalMs: 5, leaderRetryMs: 5 });
    await expect.poll(() => a.leader).toBe(true);
    const b = startSequencer(second, { intervalMs: 5, leaderRetryMs: 5 });
    await sleep(50);
    expect(b.leader).toBe(false);
    await a.stop();
    await expect.poll(() => b.leader, { timeout: 5000 }).toBe(true);
    await writer(4);
    await expect.poll(async () => (await sealingLag(t.db)).unsealed, { timeout: 30_000 }).toBe(0);
    await b.stop();
  });
});
