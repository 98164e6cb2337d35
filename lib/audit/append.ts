import { desc, sql } from "drizzle-orm";
import { auditEvents, type ActorType, type AuditChannel, type AuditOutcome } from "@/db/schema";
import type { Queryable } from "@/db/client";
import { GENESIS_HASH, computeHash, type HashedFields } from "./chain";
import { redactSecrets } from "./redact";

/** Any constant: the advisory lock that serialises appends so the chain never forks. */
const AUDIT_APPEND_LOCK = 7170302;

export interface AuditActor {
  type: ActorType;
  id: string | null;
  role: string | null;
}

export interface AuditContext {
  channel: AuditChannel;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

export interface AuditInput {
  actor: AuditActor;
  action: string;
  outcome: AuditOutcome;
  reason?: string | null;
  ticket?: string | null;
  customerId?: string | null;
  tokenId?: string | null;
  targetStaffId?: string | null;
  verificationId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Appends one hash-chained event. Must run inside the transaction that makes the change it
 * records; the advisory lock is held until that transaction ends.
 */
export async function appendAuditEvent(tx: Queryable, input: AuditInput, context: AuditContext, at: Date): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`);
  const [last] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const row: HashedFields = {
    seq: (last?.seq ?? 0) + 1,
    // Millisecond precision: the stored value must round-trip exactly for the hash to verify.
    occurredAt: new Date(at.getTime()),
    actorType: input.actor.type,
    actorId: input.actor.id,
    actorRole: input.actor.role,
    action: input.action,
    outcome: input.outcome,
    reason: input.reason ?? null,
    ticket: input.ticket ?? null,
    customerId: input.customerId ?? null,
    tokenId: input.tokenId ?? null,
    targetStaffId: input.targetStaffId ?? null,
    verificationId: input.verificationId ?? null,
    channel: context.channel,
    ip: context.ip ?? null,
    userAgent: context.userAgent?.slice(0, 512) ?? null,
    requestId: context.requestId ?? null,
    details: redactSecrets(input.details ?? {}),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await tx.insert(auditEvents).values({ ...row, hash: computeHash(row) });
  return row.seq;
}
