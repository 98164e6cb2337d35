import { desc, eq, inArray } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apiClients, auditChain, auditEvents, staff } from "@/db/schema";
import { isUuid } from "@/lib/validation/identifiers";
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
  const idsOf = (type: string) => [...new Set(rows.filter((r) => r.event.actorType === type).map((r) => r.event.actorId).filter((id): id is string => !!id && isUuid(id)))];
  const staffIds = idsOf("staff");
  const clientIds = idsOf("api_client");
  const names = new Map<string, string>();
  if (staffIds.length) {
    for (const s of await db.select({ id: staff.id, loginId: staff.loginId }).from(staff).where(inArray(staff.id, staffIds))) names.set(s.id, s.loginId);
  }
  // An API client is shown by its name; a system actor's id already is its name.
  if (clientIds.length) {
    for (const c of await db.select({ id: apiClients.id, name: apiClients.name }).from(apiClients).where(inArray(apiClients.id, clientIds))) names.set(c.id, c.name);
  }
  return rows.map(({ event, seq, targetLogin }) => ({
    id: event.id,
    seq,
    occurredAt: event.occurredAt.toISOString(),
    actorType: event.actorType,
    actorName: actorName(event.actorType, event.actorId, names),
    actorRole: event.actorRole,
    action: event.action,
    outcome: event.outcome,
    channel: event.channel,
    target: targetLogin ?? event.customerId ?? event.tokenId ?? null,
    reason: event.reason,
    details: detailFields(event.details),
  }));
}

/** A name a person can read: never an unresolved UUID (an unknown one shows as no name). */
function actorName(type: string, id: string | null, names: Map<string, string>): string | null {
  if (!id) return null;
  if (type === "system") return id;
  if (type === "staff" || type === "api_client") return names.get(id) ?? null;
  return null;
}
