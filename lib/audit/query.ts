import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { readDetails, type DetailField } from "./details";
import { EVENT_COLUMNS, EVENT_FROM, explorerRow, NameBook, rawRows, toDetails, type ExplorerRow } from "./explorer";
import { maskVerificationFacts } from "./redact";

/**
 * An event in a staff member's own history: the explorer's words for it (names resolved by the
 * explorer's NameBook), but staff named by login ID, one target (a staff member, a contract or a
 * token), the channel as recorded and the details as recorded — the staff member's own call memo
 * among them — except which facts a caller verification failed on (lib/audit/redact.ts).
 */
export type AuditRow = Pick<ExplorerRow, "id" | "seq" | "occurredAt" | "actorType" | "actorRole" | "action" | "outcome" | "reason"> & {
  /** A staff member's login ID, an API client's name, a system job's name; null when unknown. */
  actorName: string | null;
  channel: string;
  target: string | null;
  details: DetailField[];
  [key: string]: unknown;
};

/** Latest events, newest first, optionally only one staff member's own. */
export async function recentAuditEvents(db: Queryable, options: { limit: number; actorId?: string }): Promise<AuditRow[]> {
  const whose = options.actorId ? sql`e.actor_id = ${options.actorId}` : sql`true`;
  // Insertion order: an event's id is known at once, its chain position only once sealed.
  const raw = await rawRows(db, sql`select ${EVENT_COLUMNS} from ${EVENT_FROM} where ${whose} order by e.id desc limit ${options.limit}`);
  const book = new NameBook();
  await book.load(db, raw);
  return raw.map((r) => {
    const row = explorerRow(r, book);
    return {
      id: row.id,
      seq: row.seq,
      occurredAt: row.occurredAt,
      actorType: row.actorType,
      actorName: r.actor_type === "staff" ? book.staffLogin(r.actor_id) : row.actorName,
      actorRole: row.actorRole,
      action: row.action,
      outcome: row.outcome,
      channel: r.channel,
      // Whom it touched in words: the staff member's login ID, else the contract ID, else the serial.
      target: row.target ?? row.customer ?? row.token,
      reason: row.reason,
      details: readDetails(r.action, r.outcome, maskVerificationFacts(toDetails(r.details)), book),
    };
  });
}
