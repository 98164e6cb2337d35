import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { executeAction } from "@/lib/actions/execute";
import { defineAction } from "@/lib/actions/types";
import { computeHash } from "@/lib/audit/chain";
import { checkpointKeys, readCheckpoints, writeCheckpoint, type CheckpointConfig } from "@/lib/audit/checkpoint";
import { chainHead } from "@/lib/audit/sequencer";
import { verifyAuditChain, type ChainReport } from "@/lib/audit/verify";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { asSuperuser, sealEverything, sealedChain } from "@/tests/fixtures/audit";
import { systemOptions } from "@/tests/fixtures/staff";
import { recordFigure } from "./figures";

/**
 * A database superuser can switch the append-only triggers off and rewrite anything in the
 * database. Each case tampers the way such a person would and expects verification to name the
 * sequence number where the log stops being trustworthy.
 */
const note = defineAction({
  name: "test.note",
  permission: "staff.create",
  input: z.object({ n: z.number().int() }),
  assurance: "none",
  subject: { kind: "none" },
  async run(_ctx, input) {
    return { data: input.n, audit: { details: { n: input.n } } };
  },
});

const clock = fixedClock("2026-11-22T05:00:00.000Z");
const keys = checkpointKeys(Buffer.alloc(32, 5));
const open: Array<{ t: TestDb; dir: string }> = [];
const results: boolean[] = [];

interface Setup {
  t: TestDb;
  config: CheckpointConfig;
  raw: (sql: string) => Promise<unknown>;
  verify(): Promise<ChainReport>;
}

/** A fresh database with `events` sealed events, one per transaction, and checkpoints after the given sequences. */
async function setup(events = 12, checkpointsAt: number[] = []): Promise<Setup> {
  const t = await createTestDb();
  const dir = mkdtempSync(path.join(tmpdir(), "tokendesk-checkpoints-"));
  open.push({ t, dir });
  const config: CheckpointConfig = { dir, keys };
  for (let n = 1; n <= events; n++) {
    clock.advance(1000);
    expect((await executeAction(note, { n }, systemOptions(t.db, clock))).ok).toBe(true);
    if (checkpointsAt.includes(n)) {
      await sealEverything(t.db);
      writeCheckpoint(config, (await chainHead(t.db))!, clock.now());
    }
  }
  await sealEverything(t.db);
  const verify = () => verifyAuditChain(t.db, { checkpoints: { dir, publicKey: keys.publicKey } });
  expect(await verify()).toMatchObject({ ok: true, lastSeq: events, checkpoints: checkpointsAt.length });
  return { t, config, raw: (q) => t.raw(q), verify };
}

async function eventIdAt(s: Setup, seq: number): Promise<number> {
  return (await sealedChain(s.t.db)).find((r) => r.seq === seq)!.id;
}

/** What a careful superuser does after an edit: recompute every hash from `fromSeq` on. */
async function recomputeFrom(s: Setup, fromSeq: number): Promise<void> {
  const chain = await sealedChain(s.t.db);
  const statements: string[] = [];
  let prevHash = chain.find((r) => r.seq === fromSeq - 1)?.hash ?? "0".repeat(64);
  for (const row of chain.filter((r) => r.seq >= fromSeq)) {
    const hash = computeHash({ ...row, prevHash });
    statements.push(`update audit_chain set prev_hash = '${prevHash}', hash = '${hash}' where seq = ${row.seq}`);
    prevHash = hash;
  }
  await asSuperuser(s.raw, statements);
}

function expectCaught(report: ChainReport, expected: Partial<Extract<ChainReport, { ok: false }>>): void {
  const caught = !report.ok && Object.entries(expected).every(([k, v]) => (report as Record<string, unknown>)[k] === v);
  results.push(caught);
  expect(report).toMatchObject({ ok: false, ...expected });
}

afterAll(async () => {
  for (const { t, dir } of open) {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
  recordFigure("tamper", "Tamper drill as a database superuser → cases caught at the right sequence", `${results.filter(Boolean).length} of ${results.length}`);
});

describe("tampering as a database superuser is caught at the right sequence", () => {
  it("an edited event: hash_mismatch at its sequence", async () => {
    const s = await setup();
    await asSuperuser(s.raw, [`update audit_events set details = '{"n":999}'::jsonb where id = ${await eventIdAt(s, 5)}`]);
    expectCaught(await s.verify(), { firstBadSeq: 5, problem: "hash_mismatch" });
  });

  it("a deleted event (and its chain row): missing_sequence at its sequence", async () => {
    const s = await setup();
    const id = await eventIdAt(s, 7);
    await asSuperuser(s.raw, [`delete from audit_events where id = ${id}`, "delete from audit_chain where seq = 7"]);
    expectCaught(await s.verify(), { firstBadSeq: 7, problem: "missing_sequence" });
  });

  it("a deleted event whose chain row stays: missing_event at its sequence", async () => {
    const s = await setup();
    await asSuperuser(s.raw, [`delete from audit_events where id = ${await eventIdAt(s, 4)}`]);
    expectCaught(await s.verify(), { firstBadSeq: 4, problem: "missing_event" });
  });

  // The pair reads in order up to seq 8 (event 9 does follow event 7); seq 9 is where it contradicts.
  it("two events swapped in the chain, every hash recomputed: out_of_order where the order breaks", async () => {
    const s = await setup();
    const [a, b] = [await eventIdAt(s, 8), await eventIdAt(s, 9)];
    await asSuperuser(s.raw, [`update audit_chain set event_id = -1 where seq = 8`, `update audit_chain set event_id = ${a} where seq = 9`, `update audit_chain set event_id = ${b} where seq = 8`]);
    await recomputeFrom(s, 8);
    expectCaught(await s.verify(), { firstBadSeq: 9, problem: "out_of_order" });
  });

  it("an event inserted behind the head: unsealed_behind_head where it would sit", async () => {
    const s = await setup();
    const chain = await sealedChain(s.t.db);
    const third = chain[2]!;
    await asSuperuser(s.raw, [
      `insert into audit_events (id, xid, occurred_at, actor_type, actor_id, actor_role, action, outcome, channel, details)
       overriding system value values (1000000, '${third.xid}', now(), 'system', 'test', 'system', 'test.note', 'success', 'cli', '{"n":0}')`,
    ]);
    expectCaught(await s.verify(), { firstBadSeq: 4, problem: "unsealed_behind_head" });
  });

  it("a cut tail: a signed checkpoint names a sequence beyond the head", async () => {
    const s = await setup(12, [6, 12]);
    const ids = [await eventIdAt(s, 10), await eventIdAt(s, 11), await eventIdAt(s, 12)];
    await asSuperuser(s.raw, [`delete from audit_chain where seq >= 10`, `delete from audit_events where id in (${ids.join(",")})`]);
    expectCaught(await s.verify(), { firstBadSeq: 10, problem: "checkpoint_beyond_head", checkpoint: 2 });
  });

  it("an edit with the whole chain recomputed: checkpoint_mismatch at the next checkpoint", async () => {
    const s = await setup(12, [3, 9]);
    await asSuperuser(s.raw, [`update audit_events set outcome = 'failed' where id = ${await eventIdAt(s, 5)}`]);
    await recomputeFrom(s, 5);
    expect(await verifyAuditChain(s.t.db)).toMatchObject({ ok: true });
    expectCaught(await s.verify(), { firstBadSeq: 9, problem: "checkpoint_mismatch", fromSeq: 4, checkpoint: 2 });
  });

  it("a forged checkpoint file: checkpoint_signature after the last good checkpoint", async () => {
    const s = await setup(12, [4, 8, 12]);
    const file = readCheckpoints(s.config.dir)[1]!.file;
    const forged = { ...JSON.parse(readFileSync(file, "utf8")), seq: 7 };
    chmodSync(file, 0o644);
    writeFileSync(file, JSON.stringify(forged));
    expectCaught(await s.verify(), { firstBadSeq: 5, problem: "checkpoint_signature", checkpoint: 2 });
  });

  it("a deleted checkpoint file: checkpoint_gap in the series", async () => {
    const s = await setup(12, [4, 8, 12]);
    unlinkSync(readCheckpoints(s.config.dir)[1]!.file);
    expectCaught(await s.verify(), { firstBadSeq: 5, problem: "checkpoint_gap", checkpoint: 2 });
  });
});
