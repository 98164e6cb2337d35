import { auditEvents, type ActorType, type AuditChannel, type AuditOutcome } from "@/db/schema";
import type { Queryable } from "@/db/client";
import { redactSecrets } from "./redact";

/**
 * Who acted, as a typed pair: a staff member (their UUID and role at the time), an API client (its
 * UUID), the system (a named job such as the CLI or the notice worker), or an anonymous caller (no
 * id, or the key prefix / claimed id that failed to authenticate). Viewers show names, not ids.
 */
export type AuditActor =
  | { type: Extract<ActorType, "staff">; id: string; role: string }
  | { type: Extract<ActorType, "api_client">; id: string; role: "api_client" }
  | { type: Extract<ActorType, "system">; id: string; role: "system" }
  | { type: Extract<ActorType, "anonymous">; id: string | null; role: null };

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
 * Inserts one audit event and returns its id. Must run inside the transaction that makes the
 * change it records: the event commits with the change or neither does (fail-closed). It takes no
 * lock and reads nothing, so audited transactions never wait for each other; the event's chain
 * position and hash are assigned after commit by the sequencer (lib/audit/sequencer.ts), which
 * orders events by the id of the transaction that wrote them (the `xid` column's default).
 */
export async function appendAuditEvent(tx: Queryable, input: AuditInput, context: AuditContext, at: Date): Promise<number> {
  const [row] = await tx
    .insert(auditEvents)
    .values({
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
    })
    .returning({ id: auditEvents.id });
  if (!row) throw new Error("audit event insert returned no id");
  return row.id;
}
