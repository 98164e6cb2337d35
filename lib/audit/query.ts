import { desc, eq, inArray } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { auditChain, auditEvents, staff } from "@/db/schema";
import { detailFields, type DetailField } from "./details";

export interface AuditRow {
  id: number;
  /** Chain position; null while the event awaits sealing. */
  seq: number | null;
  occurredAt: string;
  actorType: string;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  outcome: string;
  channel: string;
  target: string | null;
  reason: string | null;
  details: DetailField[];
  [key: string]: unknown;
}

/** Latest events, newest first, optionally only one staff member's own. Details are already masked. */
export async function recentAuditEvents(db: Queryable, options: { limit: number; actorId?: string }): Promise<AuditRow[]> {
  const rows = await db
    .select({ event: auditEvents, seq: auditChain.seq, targetLogin: staff.loginId })
    .from(auditEvents)
    .leftJoin(auditChain, eq(auditChain.eventId, auditEvents.id))
    .leftJoin(staff, eq(staff.id, auditEvents.targetStaffId))
    .where(options.actorId ? eq(auditEvents.actorId, options.actorId) : undefined)
    // Insertion order: an event's id is known at once, its chain position only once sealed.
    .orderBy(desc(auditEvents.id))
    .limit(options.limit);
  const actorIds = [...new Set(rows.map((r) => r.event.actorId).filter((id): id is string => !!id && /^[0-9a-f-]{36}$/.test(id)))];
  const names = new Map<string, string>();
  if (actorIds.length) {
    for (const s of await db.select({ id: staff.id, loginId: staff.loginId }).from(staff).where(inArray(staff.id, actorIds))) names.set(s.id, s.loginId);
  }
  return rows.map(({ event, seq, targetLogin }) => ({
    id: event.id,
    seq,
    occurredAt: event.occurredAt.toISOString(),
    actorType: event.actorType,
    actorName: event.actorId ? (names.get(event.actorId) ?? event.actorId) : null,
    actorRole: event.actorRole,
    action: event.action,
    outcome: event.outcome,
    channel: event.channel,
    target: targetLogin ?? event.customerId ?? event.tokenId ?? null,
    reason: event.reason,
    details: detailFields(event.details),
  }));
}
