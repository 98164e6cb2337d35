import { and, desc, eq, sql } from "drizzle-orm";
import type { Db, Queryable, Tx } from "@/db/client";
import { auditChain, auditEvents, chainVerificationRuns, staff, type ChainVerificationRun, type ChainVerificationStatus } from "@/db/schema";
import { ActionError, type ActionAudit, type Principal } from "@/lib/actions/types";
import { readCheckpoints } from "./checkpoint";
import type { ChainProblem, ChainReport } from "./verify";

/**
 * The integrity page's facts: how far the chain is sealed, the newest signed checkpoint, and the
 * background "verify now" runs (chain_verification_runs). A run is started by an action
 * (`audit.verify_start`), walked by lib/audit/verification-job.ts, which writes its progress to
 * the run's row as it goes, and finished by an action of the system actor (`audit.verify_finish`),
 * whose event carries the result into the audit log itself.
 */

/** A running run writes its heartbeat at least this often… */
export const RUN_HEARTBEAT_MS = 1_000;
/** …so one silent for this long lost its process: it shows, and is recorded, as interrupted. */
export const RUN_STALE_MS = 120_000;

/** Every ChainProblem, for the finishing action's input schema (a Record so none is forgotten). */
const problemSet: Record<ChainProblem, true> = {
  hash_mismatch: true,
  broken_link: true,
  missing_sequence: true,
  missing_event: true,
  out_of_order: true,
  unsealed_behind_head: true,
  checkpoint_beyond_head: true,
  checkpoint_mismatch: true,
  checkpoint_signature: true,
  checkpoint_gap: true,
  checkpoint_link: true,
};
export const chainProblems = Object.keys(problemSet) as [ChainProblem, ...ChainProblem[]];

export interface RunView {
  id: string;
  startedByName: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** "interrupted" for a run still marked running whose heartbeat stopped. */
  status: ChainVerificationStatus;
  total: number;
  checked: number;
  lastSeq: number | null;
  firstBadSeq: number | null;
  problem: ChainProblem | null;
  checkpoints: number | null;
  pending: number | null;
  errorId: string | null;
}

function isStale(run: Pick<ChainVerificationRun, "status" | "heartbeatAt">, now: Date): boolean {
  return run.status === "running" && now.getTime() - run.heartbeatAt.getTime() > RUN_STALE_MS;
}

function toView(run: ChainVerificationRun, startedByName: string | null, now: Date): RunView {
  return {
    id: run.id,
    startedByName,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    status: isStale(run, now) ? "interrupted" : run.status,
    total: run.total,
    checked: run.checked,
    lastSeq: run.lastSeq,
    firstBadSeq: run.firstBadSeq,
    problem: (run.problem as ChainProblem | null) ?? null,
    checkpoints: run.checkpoints,
    pending: run.pending,
    errorId: run.errorId,
  };
}

/** The newest runs first, with who started them (their display name; the system when null). */
export async function verificationRuns(db: Queryable, now: Date, options: { limit: number; id?: string }): Promise<RunView[]> {
  const rows = await db
    .select({ run: chainVerificationRuns, name: staff.displayName })
    .from(chainVerificationRuns)
    .leftJoin(staff, eq(staff.id, chainVerificationRuns.startedBy))
    .where(options.id ? eq(chainVerificationRuns.id, options.id) : undefined)
    .orderBy(desc(chainVerificationRuns.startedAt), desc(chainVerificationRuns.id))
    .limit(options.limit);
  return rows.map(({ run, name }) => toView(run, name, now));
}

export interface IntegrityStatus {
  head: { seq: number; sealedAt: string } | null;
  /** Committed events without a chain position yet, and how old the oldest is (ms, at `now`). */
  lag: { unsealed: number; oldestUnsealedAt: string | null; oldestUnsealedAgeMs: number };
  /** The newest checkpoint file (null: none yet, or the newest does not parse). */
  checkpoint: { index: number; seq: number; time: string; ageMs: number; behindHead: number } | null;
  checkpointFiles: number;
  runs: RunView[];
}

/** What the integrity page shows; reads the database and the checkpoint directory, changes nothing. */
export async function integrityStatus(db: Queryable, now: Date, checkpointDir: string): Promise<IntegrityStatus> {
  const [head] = await db
    .select({ seq: auditChain.seq, sealedAt: auditChain.sealedAt, xid: auditEvents.xid, eventId: auditChain.eventId })
    .from(auditChain)
    .leftJoin(auditEvents, eq(auditEvents.id, auditChain.eventId))
    .orderBy(desc(auditChain.seq))
    .limit(1);
  // The same range as the sequencer's: everything after the head in (xid, id) order.
  const [pending] = await db
    .select({ n: sql<number>`count(*)::int`, oldest: sql<Date | null>`min(${auditEvents.occurredAt})`.mapWith(auditEvents.occurredAt) })
    .from(auditEvents)
    .where(head?.xid ? sql`(${auditEvents.xid}, ${auditEvents.id}) > (${head.xid}::xid8, ${head.eventId})` : undefined);
  const oldest = pending?.oldest ?? null;
  const files = readCheckpoints(checkpointDir);
  const last = files.at(-1)?.checkpoint ?? null;
  const headSeq = head?.seq ?? 0;
  return {
    head: head ? { seq: head.seq, sealedAt: head.sealedAt.toISOString() } : null,
    lag: { unsealed: Number(pending?.n ?? 0), oldestUnsealedAt: oldest?.toISOString() ?? null, oldestUnsealedAgeMs: oldest ? Math.max(0, now.getTime() - oldest.getTime()) : 0 },
    checkpoint: last
      ? { index: last.index, seq: last.seq, time: last.time, ageMs: Math.max(0, now.getTime() - new Date(last.time).getTime()), behindHead: Math.max(0, headSeq - last.seq) }
      : null,
    checkpointFiles: files.length,
    runs: await verificationRuns(db, now, { limit: 20 }),
  };
}

/**
 * Starts a run: one at a time. A run still marked running whose heartbeat stopped is closed as
 * interrupted first (its process died); a live one makes this a conflict. Two starts racing past
 * the check meet the partial unique index and one becomes a conflict there.
 */
export async function startVerificationRun(tx: Tx, principal: Principal, now: Date): Promise<{ data: { runId: string }; audit: ActionAudit<"audit.verify_start"> }> {
  const running = await tx.select().from(chainVerificationRuns).where(eq(chainVerificationRuns.status, "running")).for("update");
  const stale = running.filter((run) => isStale(run, now));
  if (running.length > stale.length) throw new ActionError("conflict", "auditIntegrity.alreadyRunning");
  for (const run of stale) {
    await tx.update(chainVerificationRuns).set({ status: "interrupted", finishedAt: now }).where(and(eq(chainVerificationRuns.id, run.id), eq(chainVerificationRuns.status, "running")));
  }
  const [head] = await tx.select({ seq: sql<number>`coalesce(max(${auditChain.seq}), 0)`.mapWith(Number) }).from(auditChain);
  const total = head?.seq ?? 0;
  const [row] = await tx
    .insert(chainVerificationRuns)
    .values({ startedBy: principal.staff?.id ?? null, startedAt: now, heartbeatAt: now, total })
    .returning({ id: chainVerificationRuns.id });
  const runId = row!.id;
  return { data: { runId }, audit: { details: { runId, total, ...(stale.length ? { interrupted: stale.map((r) => r.id) } : {}) } } };
}

/** A run's progress, written by the job that walks the chain (only while it is still running). */
export async function recordProgress(db: Db, runId: string, checked: number, now: Date): Promise<void> {
  await db
    .update(chainVerificationRuns)
    .set({ checked, heartbeatAt: now })
    .where(and(eq(chainVerificationRuns.id, runId), eq(chainVerificationRuns.status, "running")));
}

export interface FinishRunInput {
  runId: string;
  result: "ok" | "failed" | "error";
  checked: number;
  lastSeq?: number | undefined;
  firstBadSeq?: number | undefined;
  problem?: ChainProblem | undefined;
  checkpoints?: number | undefined;
  pending?: number | undefined;
  errorId?: string | undefined;
}

/** What a finished walk reports, as the finishing action's input. */
export function finishInputOf(runId: string, report: ChainReport): FinishRunInput {
  if (report.ok) return { runId, result: "ok", checked: report.checked, lastSeq: report.lastSeq, checkpoints: report.checkpoints, pending: report.pending };
  return { runId, result: "failed", checked: report.checked, firstBadSeq: report.firstBadSeq, problem: report.problem };
}

/**
 * Closes a run with its result, only if it is still running (a conditional UPDATE: a run closed
 * as interrupted meanwhile is not reopened). A broken chain or a walk that failed is recorded
 * with outcome "failed", so it stands out in the log and in the high-risk review list.
 */
export async function finishVerificationRun(tx: Tx, input: FinishRunInput, now: Date): Promise<{ data: { status: ChainVerificationStatus }; audit: ActionAudit<"audit.verify_finish"> }> {
  const status: ChainVerificationStatus = input.result;
  const updated = await tx
    .update(chainVerificationRuns)
    .set({
      status,
      finishedAt: now,
      heartbeatAt: now,
      checked: input.checked,
      lastSeq: input.lastSeq ?? null,
      firstBadSeq: input.firstBadSeq ?? null,
      problem: input.problem ?? null,
      checkpoints: input.checkpoints ?? null,
      pending: input.pending ?? null,
      errorId: input.errorId ?? null,
    })
    .where(and(eq(chainVerificationRuns.id, input.runId), eq(chainVerificationRuns.status, "running")))
    .returning({ id: chainVerificationRuns.id });
  if (!updated.length) throw new ActionError("conflict", "auditIntegrity.runNotRunning", undefined, { details: { runId: input.runId } });
  const { runId, result, ...facts } = input;
  return { data: { status }, audit: { outcome: result === "ok" ? "success" : "failed", details: { runId, result, ...definedOnly(facts) } } };
}

function definedOnly<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Partial<T>;
}
