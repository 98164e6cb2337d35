import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { chainVerificationRuns } from "@/db/schema";
import { executeAction } from "@/lib/actions/execute";
import { runQuery } from "@/lib/actions/query";
import { finishChainVerification } from "@/lib/actions/audit/finish-chain-verification";
import { startChainVerification } from "@/lib/actions/audit/start-chain-verification";
import { checkpointKeys, writeCheckpoint } from "@/lib/audit/checkpoint";
import { integrityStatus, recordProgress, RUN_STALE_MS } from "@/lib/audit/integrity";
import { chainHead } from "@/lib/audit/sequencer";
import { runChainVerification } from "@/lib/audit/verification-job";
import { verificationRunQuery } from "@/lib/audit/workspace-queries";
import { fixedClock } from "@/lib/time/clock";
import { createTestDb, type TestDb } from "@/tests/fixtures/db";
import { asSuperuser, sealEverything } from "@/tests/fixtures/audit";
import { auditEventAt, createSignedInStaff, signInAgain, staffOptions, systemOptions, type Member } from "@/tests/fixtures/staff";

let t: TestDb;
const clock = fixedClock("2026-11-22T01:00:00.000Z");
let auditor: Member;
let supervisor: Member;
let dir: string;
const keys = checkpointKeys(Buffer.alloc(32, 7));

beforeAll(async () => {
  t = await createTestDb();
  dir = mkdtempSync(path.join(tmpdir(), "tokendesk-integrity-"));
  auditor = await createSignedInStaff(t.db, clock, "auditor.integrity", "auditor");
  supervisor = await createSignedInStaff(t.db, clock, "supervisor.integrity", "supervisor");
  await sealEverything(t.db);
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const checkpoints = () => ({ dir, publicKey: keys.publicKey });

async function start() {
  const result = await executeAction(startChainVerification, {}, staffOptions(t.db, clock, auditor));
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.data.runId;
}

describe("verify now", () => {
  it("runs in the background, records its result as an event, and shows in the history", async () => {
    const head = await chainHead(t.db);
    writeCheckpoint({ dir, keys }, head!, clock.now());
    const runId = await start();

    const progress = await runQuery(verificationRunQuery, { runId }, staffOptions(t.db, clock, auditor));
    expect(progress).toMatchObject({ ok: true, data: { status: "running", startedByName: "Test auditor.integrity", checked: 0 } });
    if (progress.ok) expect(progress.data.total).toBe(head!.seq);

    const result = await runChainVerification(t.db, runId, { checkpoints: checkpoints(), clock, batchSize: 3 });
    expect(result).toMatchObject({ ok: true, data: { status: "ok" } });

    const event = await auditEventAt(t.db, result.ok ? result.auditEventId : undefined);
    expect(event).toMatchObject({ action: "audit.verify_finish", outcome: "success", actorType: "system", actorId: "chain-verifier", channel: "cli" });
    expect(event.details).toMatchObject({ runId, result: "ok", checkpoints: 1 });
    expect((event.details as { checked: number }).checked).toBeGreaterThanOrEqual(head!.seq);

    const status = await integrityStatus(t.db, clock.now(), dir);
    expect(status.runs[0]).toMatchObject({ id: runId, status: "ok", problem: null, checkpoints: 1, startedByName: "Test auditor.integrity" });
    expect(status.checkpoint).toMatchObject({ index: 1, seq: head!.seq });
    expect(status.checkpointFiles).toBe(1);
  });

  it("writes progress only while the run is running", async () => {
    const runId = await start();
    await recordProgress(t.db, runId, 42, new Date(clock.now().getTime() + 1000));
    const [row] = await t.db.select().from(chainVerificationRuns).where(eq(chainVerificationRuns.id, runId));
    expect(row).toMatchObject({ checked: 42, status: "running" });
    await runChainVerification(t.db, runId, { checkpoints: checkpoints(), clock });
    await recordProgress(t.db, runId, 1, clock.now());
    const [after] = await t.db.select().from(chainVerificationRuns).where(eq(chainVerificationRuns.id, runId));
    expect(after!.status).toBe("ok");
    expect(after!.checked).toBeGreaterThan(1);
  });

  it("runs one at a time; a run whose process died is closed as interrupted by the next start", async () => {
    const first = await start();
    const second = await executeAction(startChainVerification, {}, staffOptions(t.db, clock, auditor));
    expect(second).toMatchObject({ ok: false, code: "conflict", message: "検証はすでに実行中です。終わるまでお待ちください。" });

    clock.advance(RUN_STALE_MS + 1000);
    // Sessions time out while the clock jumps ahead: sign in again.
    auditor.sessionId = await signInAgain(t.db, clock, auditor);
    const shown = await integrityStatus(t.db, clock.now(), dir);
    expect(shown.runs.find((r) => r.id === first)?.status).toBe("interrupted");

    const next = await executeAction(startChainVerification, {}, staffOptions(t.db, clock, auditor));
    expect(next.ok).toBe(true);
    const event = await auditEventAt(t.db, next.ok ? next.auditEventId : undefined);
    expect(event.details).toMatchObject({ interrupted: [first] });
    const [closed] = await t.db.select().from(chainVerificationRuns).where(eq(chainVerificationRuns.id, first));
    expect(closed!.status).toBe("interrupted");
    // The dead job's late result does not reopen it.
    const late = await executeAction(finishChainVerification, { runId: first, result: "ok", checked: 1 }, systemOptions(t.db, clock));
    expect(late).toMatchObject({ ok: false, code: "conflict" });
    if (next.ok) await runChainVerification(t.db, next.data.runId, { checkpoints: checkpoints(), clock });
  });

  it("records a broken chain as a failed event with the first bad sequence", async () => {
    const runId = await start();
    await asSuperuser(t.raw, ["update audit_events set reason = 'edited' where id = (select event_id from audit_chain where seq = 3)"]);
    const result = await runChainVerification(t.db, runId, { checkpoints: checkpoints(), clock });
    expect(result).toMatchObject({ ok: true, data: { status: "failed" } });
    const event = await auditEventAt(t.db, result.ok ? result.auditEventId : undefined);
    expect(event).toMatchObject({ action: "audit.verify_finish", outcome: "failed" });
    expect(event.details).toMatchObject({ runId, result: "failed", firstBadSeq: 3, problem: "hash_mismatch" });
    const [row] = await t.db.select().from(chainVerificationRuns).where(eq(chainVerificationRuns.id, runId));
    expect(row).toMatchObject({ status: "failed", firstBadSeq: 3, problem: "hash_mismatch" });
  });
});

describe("who may", () => {
  it("lets auditors start a run but not record a result; supervisors neither", async () => {
    const asAuditor = staffOptions(t.db, clock, auditor);
    expect(await executeAction(finishChainVerification, { runId: "5b0c8f3e-1d2a-4c55-9a7e-3f1e2d4c5b6a", result: "ok", checked: 1 }, asAuditor)).toMatchObject({ ok: false, code: "forbidden" });
    supervisor.sessionId = await signInAgain(t.db, clock, supervisor);
    expect(await executeAction(startChainVerification, {}, staffOptions(t.db, clock, supervisor))).toMatchObject({ ok: false, code: "forbidden" });
  });
});
