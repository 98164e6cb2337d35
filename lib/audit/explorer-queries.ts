import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { defineQuery } from "@/lib/actions/query";
import { ActionError, type Principal } from "@/lib/actions/types";
import { text } from "@/lib/validation/text";
import type { Queryable } from "@/db/client";
import type { DetailField, Said } from "./details";
import {
  auditFilterInput,
  countMatching,
  EVENT_COLUMNS,
  EVENT_FROM,
  explorePage,
  exploreAuditInput,
  explorerColumns,
  explorerRow,
  explorerSorts,
  filterChoices,
  NameBook,
  PAGE_SIZE,
  rawRows,
  resolveFilter,
  selectRows,
  type ExplorerRow,
  type RawEvent,
  type ResolvedFilter,
} from "./explorer";
import { maskAuditDetails, maskText, revealableFields } from "./redact";

/** The explorer's grid: one keyset page of the filter, how many match, and the filter's choices. */
export const auditExploreQuery = defineQuery({
  name: "audit.explore",
  permission: "audit.explore",
  input: exploreAuditInput,
  async run({ db, principal }, input) {
    const { where } = await resolveFilter(db, input, principal);
    const [page, choices] = await Promise.all([explorePage(db, where, input), filterChoices(db)]);
    // A first page that is not full is the whole result: no second scan to count it.
    const whole = !input.after && !input.before && page.rows.length < PAGE_SIZE;
    const total = whole ? { count: page.rows.length, estimated: false } : await countMatching(db, where);
    return { ...page, total, choices };
  },
});

export const eventIdField = text().regex(/^\d{1,15}$/).transform(Number);

/** A supervisor may only open what their explorer lists: the same scope as the grid. */
async function scopedEvent(db: Queryable, id: number, principal: Principal): Promise<RawEvent | null> {
  const { where } = await resolveFilter(db, {}, principal);
  const [row] = await rawRows(db, sql`select ${EVENT_COLUMNS}, c.sealed_at from ${EVENT_FROM} where e.id = ${id} and (${where})`);
  return row ?? null;
}

/** What changed, field by field: the before and after of a change, side by side. */
export interface ChangeRow {
  /** The field's path below before / after, e.g. ["status"]. */
  path: string[];
  known: boolean;
  before: Said | null;
  after: Said | null;
}

/** The read details split into the change table (before / after, side by side) and the other facts. */
function changesAndFacts(fields: DetailField[]): { changes: ChangeRow[]; facts: DetailField[] } {
  const changes: ChangeRow[] = [];
  const facts: DetailField[] = [];
  for (const f of fields) {
    const side = f.path[0];
    if ((side !== "before" && side !== "after") || f.path.length < 2) {
      facts.push(f);
      continue;
    }
    const path = f.path.slice(1);
    let row = changes.find((c) => c.path.join(".") === path.join("."));
    if (!row) changes.push((row = { path, known: f.known, before: null, after: null }));
    row[side] = f.value;
  }
  return { changes, facts };
}

/** Minutes either side of an event in which the same staff member's work on the same customer counts as the same call. */
export const CALL_WINDOW_MINUTES = 10;

export interface EventDetail {
  event: ExplorerRow & {
    actorLogin: string | null;
    ticket: string | null;
    userAgent: string | null;
    sealedAt: string | null;
    targetName: string | null;
  };
  changes: ChangeRow[];
  /** Other facts of the event (not before/after), labelled. */
  facts: DetailField[];
  /**
   * The caller verification this event relied on: the staff member's own, or for a four-eyes
   * decision the requester's (the evidence the supervisor judged). With the event that recorded it.
   */
  verification: { eventId: number | null; method: string; occurredAt: string; staffName: string | null } | null;
  /** Masked values the auditor may reveal, by field ("ip", "details.memo"). */
  revealable: { field: string; masked: string }[];
  neighbours: ExplorerRow[];
}

/** One event in words: names, before/after, the verification it relied on, its seal and the same call's other events. */
export const auditEventQuery = defineQuery({
  name: "audit.event",
  permission: "audit.explore",
  input: z.strictObject({ id: eventIdField }),
  async run({ db, principal }, input): Promise<EventDetail> {
    const raw = await scopedEvent(db, input.id, principal);
    if (!raw) throw new ActionError("not_found", "auditExplorer.notFound");
    const book = new NameBook();
    const details = typeof raw.details === "string" ? (JSON.parse(raw.details) as Record<string, unknown>) : raw.details;
    // The same call: the same request, or the same staff member on the same customer a few minutes either side.
    const { where: scope } = await resolveFilter(db, {}, principal);
    const at = new Date(raw.occurred_at).getTime();
    const window = [new Date(at - CALL_WINDOW_MINUTES * 60_000).toISOString(), new Date(at + CALL_WINDOW_MINUTES * 60_000).toISOString()];
    const sameRequest = raw.request_id ? sql`e.request_id = ${raw.request_id}` : sql`false`;
    const sameCall =
      raw.actor_id && raw.customer_id
        ? sql`(e.actor_id = ${raw.actor_id} and e.customer_id = ${raw.customer_id} and e.occurred_at between ${window[0]} and ${window[1]})`
        : sql`false`;
    // A four-eyes decision recorded before decisions named their evidence: the request's verification.
    const requestId = raw.action.startsWith("approval.") && typeof details.requestId === "string" ? details.requestId : null;
    const verificationId =
      raw.verification_id ??
      (requestId ? ((await selectRows<{ id: string }>(db, sql`select verification_id as id from approval_requests where id::text = ${requestId}`))[0]?.id ?? null) : null);
    const sameVerification = verificationId ? sql`e.verification_id = ${verificationId}` : sql`false`;
    const [neighbourRows, verificationRows] = await Promise.all([
      rawRows(db, sql`select ${EVENT_COLUMNS} from ${EVENT_FROM} where e.id <> ${raw.id} and (${scope}) and (${sameRequest} or ${sameCall} or ${sameVerification}) order by e.occurred_at, e.id limit 20`),
      verificationId
        ? selectRows<{ event_id: string | number | null; method: string; created_at: string | Date; staff_name: string | null }>(
            db,
            sql`select v.method, v.created_at, s.display_name as staff_name,
              (select id from audit_events where verification_id = v.id and action like 'verification.%' and outcome = 'success' order by id limit 1) as event_id
              from identity_verifications v left join staff s on s.id = v.staff_id where v.id = ${verificationId}`,
          )
        : Promise.resolve([]),
    ]);
    await book.load(db, [raw, ...neighbourRows]);
    const row = explorerRow(raw, book);
    const masked = maskAuditDetails(details);
    const event = {
      ...row,
      actorLogin: raw.actor_type === "staff" ? book.staffLogin(raw.actor_id) : null,
      ticket: raw.ticket,
      userAgent: raw.user_agent ? maskText(raw.user_agent) : null,
      sealedAt: (raw as RawEvent & { sealed_at?: string | Date | null }).sealed_at ? new Date((raw as RawEvent & { sealed_at: string | Date }).sealed_at).toISOString() : null,
      targetName: book.staffName(raw.target_staff_id),
    };
    const source = { ip: raw.ip, userAgent: raw.user_agent, details };
    const maskedOf = (field: string) => {
      if (field === "ip") return event.ip ?? "";
      if (field === "userAgent") return event.userAgent ?? "";
      let node: unknown = masked;
      for (const part of field.slice("details.".length).split(".")) node = (node as Record<string, unknown>)?.[part];
      return String(node ?? "");
    };
    const v = verificationRows[0];
    // The memo shows among the masked values; before/after as the change table; the rest are facts.
    const { changes, facts } = changesAndFacts(row.details);
    return {
      event,
      changes,
      facts,
      verification: v ? { eventId: v.event_id === null ? null : Number(v.event_id), method: v.method, occurredAt: new Date(v.created_at).toISOString(), staffName: v.staff_name } : null,
      revealable: revealableFields(source).map((field) => ({ field, masked: maskedOf(field) })),
      neighbours: neighbourRows.map((r) => explorerRow(r, book)),
    };
  },
});

export const exportAuditInput = auditFilterInput.extend({
  sort: z.enum(explorerSorts).default("desc"),
  columns: z.array(z.enum(explorerColumns)).min(1).max(explorerColumns.length),
  format: z.enum(["csv", "jsonl"]),
});
export type ExportInput = z.output<typeof exportAuditInput>;

export interface ExportStart {
  /** Rows the export will write: the filter's matches up to the newest event at the start. */
  total: number;
  where: SQL;
  summary: ResolvedFilter["summary"];
  /** How to write it, as validated with the filter. */
  sort: ExportInput["sort"];
  columns: ExportInput["columns"];
  format: ExportInput["format"];
}

/**
 * Starts an export: counts exactly what the filter matches up to the newest event now, and records
 * the export (its filter, columns, format and row count; a text filter only as "there was one")
 * before a single row leaves. The rows are then streamed by lib/audit/export.ts up to that event.
 */
export const auditExportQuery = defineQuery({
  name: "audit.export",
  permission: "audit.export",
  input: exportAuditInput,
  audit: (input, data: ExportStart) => ({ details: { filter: data.summary, columns: input.columns, format: input.format, rows: data.total } }),
  async run({ db, principal }, input): Promise<ExportStart> {
    const resolved = await resolveFilter(db, input, principal);
    const [head] = await selectRows<{ id: string | number }>(db, sql`select coalesce(max(id), 0)::bigint as id from audit_events`);
    const upToId = Number(head?.id ?? 0);
    const where = sql`(${resolved.where}) and e.id <= ${upToId}`;
    const [counted] = await selectRows<{ n: string | number }>(db, sql`select count(*)::bigint as n from audit_events e where ${where}`);
    return { total: Number(counted?.n ?? 0), where, summary: resolved.summary, sort: input.sort, columns: input.columns, format: input.format };
  },
});
