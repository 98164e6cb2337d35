import type { DbHandle } from "@/db/client";
import { writeCheckpoint, type Checkpoint, type CheckpointConfig } from "./checkpoint";
import { chainHead, sealPending, type ChainHead } from "./sequencer";

/** Session advisory lock held by the one sequencer that runs among all portal processes. */
export const SEQUENCER_LOCK = 7170304;

export interface SequencerOptions {
  /** How often to look for pending events (ms). */
  intervalMs?: number;
  /** How often a non-leader tries to become the sequencer (ms). */
  leaderRetryMs?: number;
  /** Where and with what key to write checkpoints; null: no checkpoints. */
  checkpoints?: CheckpointConfig | null;
  /** A checkpoint once this long after something new was sealed (ms)… */
  checkpointEveryMs?: number;
  /** …or once this many events were sealed since the last one. */
  checkpointEveryEvents?: number;
  batch?: number;
}

export interface Sequencer {
  /** True while this process holds the sequencer lock. */
  readonly leader: boolean;
  /** Seals what is pending now and, with force, signs a checkpoint of the new head. */
  runOnce(options?: { forceCheckpoint?: boolean }): Promise<{ sealed: number; checkpoint: Checkpoint | null }>;
  stop(): Promise<void>;
}

interface Lease {
  release(): Promise<void>;
}

/** postgres.js: a reserved connection holding pg_try_advisory_lock. PGlite: one process, one session. */
async function tryLease(handle: DbHandle): Promise<Lease | null> {
  if (handle.driver === "pglite") return { release: async () => {} };
  const client = (handle.db as unknown as { $client: import("postgres").Sql }).$client;
  const reserved = await client.reserve();
  try {
    const [row] = await reserved<{ ok: boolean }[]>`select pg_try_advisory_lock(${SEQUENCER_LOCK}) as ok`;
    if (row?.ok) {
      return {
        async release() {
          await reserved`select pg_advisory_unlock(${SEQUENCER_LOCK})`.catch(() => {});
          reserved.release();
        },
      };
    }
  } catch (error) {
    reserved.release();
    throw error;
  }
  reserved.release();
  return null;
}

/**
 * The sequencer worker: polls for pending audit events, seals them (lib/audit/sequencer.ts) and
 * signs checkpoints. Only the process holding SEQUENCER_LOCK (a session lock on a reserved
 * connection, released when the process dies) runs; others retry, so a second portal process is
 * safe and takes over if the first stops. Errors are logged and retried: actions never depend on it.
 */
export function startSequencer(handle: DbHandle, options: SequencerOptions = {}): Sequencer {
  const intervalMs = options.intervalMs ?? 150;
  const leaderRetryMs = options.leaderRetryMs ?? 2000;
  const everyMs = options.checkpointEveryMs ?? 10_000;
  const everyEvents = options.checkpointEveryEvents ?? 10_000;
  let lease: Lease | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let sinceCheckpoint = 0;
  let firstUncheckpointedAt = 0;
  let lastLeaderTry = 0;

  const checkpointNow = async (head: ChainHead | null): Promise<Checkpoint | null> => {
    if (!options.checkpoints) return null;
    const current = head ?? (await chainHead(handle.db));
    if (!current) return null;
    const checkpoint = writeCheckpoint(options.checkpoints, current, new Date());
    sinceCheckpoint = 0;
    return checkpoint;
  };

  const runOnce = async ({ forceCheckpoint = false } = {}) => {
    let sealed = 0;
    let head: ChainHead | null = null;
    for (;;) {
      const result = await sealPending(handle.db, options.batch ?? 10_000);
      sealed += result.sealed;
      head = result.head;
      if (result.sealed) {
        if (!sinceCheckpoint) firstUncheckpointedAt = Date.now();
        sinceCheckpoint += result.sealed;
      }
      if (sinceCheckpoint >= everyEvents) await checkpointNow(head);
      if (result.sealed < (options.batch ?? 10_000)) break;
    }
    const due = sinceCheckpoint > 0 && Date.now() - firstUncheckpointedAt >= everyMs;
    const checkpoint = forceCheckpoint || due ? await checkpointNow(head) : null;
    return { sealed, checkpoint };
  };

  const tick = async () => {
    if (!lease && Date.now() - lastLeaderTry >= leaderRetryMs) {
      lastLeaderTry = Date.now();
      lease = await tryLease(handle);
    }
    if (lease) await runOnce();
  };

  let lastLogged = 0;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .catch((error: unknown) => {
          const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
          // Its database was closed (process shutting down, a test's database dropped): nothing left to seal.
          if (/CONNECTION_ENDED|CONNECTION_DESTROYED|closed/i.test(message)) {
            stopped = true;
            lease = null;
            return;
          }
          // A database that is down fails every poll: say so once every 30 s, not every 150 ms.
          if (Date.now() - lastLogged < 30_000) return;
          lastLogged = Date.now();
          console.error(JSON.stringify({ level: "error", event: "audit_sequencer_error", message }));
        })
        .finally(schedule);
    }, intervalMs);
    timer.unref?.();
  };
  schedule();

  return {
    get leader() {
      return lease !== null;
    },
    runOnce: (o) => {
      const next = running.then(() => runOnce(o));
      running = next.catch(() => {});
      return next;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running.catch(() => {});
      await lease?.release();
      lease = null;
    },
  };
}
