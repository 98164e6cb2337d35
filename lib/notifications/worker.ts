import { and, eq, inArray, lte, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customerNotices } from "@/db/schema";
import { executeAction, type ExecuteOptions } from "@/lib/actions/execute";
import { claimNotices } from "@/lib/actions/notices/claim-notices";
import { markNoticeFailed, markNoticeSent } from "@/lib/actions/notices/finish-notice";
import { systemClock, type Clock } from "@/lib/time/clock";
import { DEFAULT_LEASE_MS } from "./policy";
import { SendError, sendErrorCode, type NoticeSender } from "./senders";

/*
 * Why a hand-rolled outbox poller and not pg-boss or graphile-worker: the notices already live in
 * our own table, written in the action's transaction; a job queue would add its own schema, its
 * own migrations and (graphile) a daemon, and neither runs on the embedded PGlite the demo uses.
 * At a help desk's volume (hundreds of notices a day) one indexed query every few seconds is
 * nothing. FOR UPDATE SKIP LOCKED gives the one property that matters — two portal processes
 * never claim the same notice — and each status change is a system action with its audit event.
 */

export interface NoticeWorkerOptions {
  db: Db;
  senders: NoticeSender[];
  clock?: Clock;
  batchSize?: number;
  leaseMs?: number;
  /** Names the system actor in the audit log, e.g. notice-worker@host:pid. */
  name?: string;
}

export interface BatchResult {
  sent: number;
  failed: number;
  /** Notices another worker took over while this one was sending (its lease had run out). */
  lost: number;
}

function options(o: NoticeWorkerOptions, requestId: string): ExecuteOptions {
  return { db: o.db, clock: o.clock, actor: { type: "system", name: o.name ?? "notice-worker" }, meta: { channel: "cli", locale: "en", requestId } };
}

/** A read, not a change: polling an empty outbox writes no audit event. */
async function anyDue(o: NoticeWorkerOptions, now: Date): Promise<boolean> {
  const channels = o.senders.map((s) => s.channel);
  const leaseCutoff = new Date(now.getTime() - (o.leaseMs ?? DEFAULT_LEASE_MS));
  const rows = await o.db
    .select({ id: customerNotices.id })
    .from(customerNotices)
    .where(and(
      inArray(customerNotices.channel, channels),
      or(
        and(inArray(customerNotices.status, ["pending", "failed"]), lte(customerNotices.nextAttemptAt, now)),
        and(eq(customerNotices.status, "sending"), lte(customerNotices.claimedAt, leaseCutoff)),
      ),
    ))
    .limit(1);
  return rows.length > 0;
}

/** One round: claim (short transaction), send each outside it, record each outcome. */
export async function runNoticeBatch(o: NoticeWorkerOptions): Promise<BatchResult> {
  const result: BatchResult = { sent: 0, failed: 0, lost: 0 };
  if (o.senders.length === 0) return result;
  const now = (o.clock ?? systemClock).now();
  if (!(await anyDue(o, now))) return result;
  const claim = await executeAction(claimNotices, { limit: o.batchSize ?? 20, channels: o.senders.map((s) => s.channel), leaseMs: o.leaseMs ?? DEFAULT_LEASE_MS }, options(o, "notice-claim"));
  if (!claim.ok) throw new Error(`notice.claim refused: ${claim.code}`);
  for (const notice of claim.data.claimed) {
    const sender = o.senders.find((s) => s.channel === notice.channel)!;
    let errorCode: string | null = null;
    try {
      await sender.send(notice);
    } catch (error) {
      errorCode = error instanceof SendError ? error.code : sendErrorCode(error);
    }
    const input = { noticeId: notice.id, attempt: notice.attempt };
    const done = errorCode === null
      ? await executeAction(markNoticeSent, input, options(o, `notice-${notice.id}`))
      : await executeAction(markNoticeFailed, { ...input, errorCode }, options(o, `notice-${notice.id}`));
    if (!done.ok && done.code === "conflict") result.lost += 1;
    else if (errorCode === null) result.sent += 1;
    else result.failed += 1;
  }
  return result;
}

export interface RunningWorker {
  stop(): Promise<void>;
}

/** Polls every `intervalMs` until stopped; a failing round is logged (without notice contents) and retried. */
export function runNoticeWorker(o: NoticeWorkerOptions & { intervalMs?: number }): RunningWorker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const tick = () => {
    current = runNoticeBatch(o)
      .then((r) => (r.sent || r.failed || r.lost ? console.log(JSON.stringify({ level: "info", event: "notices_delivered", ...r })) : undefined))
      .catch((error: unknown) => console.error(JSON.stringify({ level: "error", event: "notice_worker_error", name: (error as Error)?.name ?? "Error" })))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, o.intervalMs ?? 5_000).unref();
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}

// On globalThis: Next loads this module once per bundle (instrumentation, routes), one process.
const processWide = globalThis as unknown as { __tokendeskNoticeWorker?: Promise<RunningWorker> };

/**
 * Starts the portal's delivery worker once per process: e-mail over SMTP_URL (from SMTP_FROM),
 * or in demo mode through the in-process receiver; letters into the demo mailbox in demo mode, else
 * into the print room's spool directory (TOKENDESK_PRINT_DIR).
 * Outside demo mode without SMTP_URL, notices wait in the outbox (and the start log says so).
 */
export function startNoticeWorker(): Promise<RunningWorker> {
  processWide.__tokendeskNoticeWorker ??= (async () => {
    const [{ getDb }, { isDemoMode }, { startDemoSmtp }, { smtpSender, demoLetterSender }, { printRoomSender }] = await Promise.all([
      import("@/db/client"), import("@/lib/config/env"), import("./demo-smtp"), import("./senders"), import("./print-room"),
    ]);
    const db = await getDb();
    const demo = isDemoMode();
    const url = process.env.SMTP_URL || (demo ? (await startDemoSmtp()).url : null);
    const from = process.env.SMTP_FROM || "TokenDesk <no-reply@tokendesk.invalid>";
    const senders: NoticeSender[] = [];
    if (url) senders.push(smtpSender(url, from));
    // Letters: into the demo mailbox in demo mode, else into the print room's spool directory.
    senders.push(demo ? demoLetterSender(db) : printRoomSender());
    if (!url) console.warn(JSON.stringify({ level: "warn", event: "notices_email_disabled", message: "SMTP_URL is not set: e-mail notices wait in the outbox" }));
    return runNoticeWorker({ db, senders, name: `notice-worker@${process.pid}` });
  })();
  return processWide.__tokendeskNoticeWorker;
}
