import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { defineQuery } from "@/lib/actions/query";
import { ActionError, type Principal } from "@/lib/actions/types";
import { text } from "@/lib/validation/text";
import type { Queryable } from "@/db/client";
import { detailFields, type DetailField } from "./details";
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
  path: string;
  before: string;
  after: string;
}

function changeRows(details: Record<string, unknown>): ChangeRow[] {
  const before = details.before && typeof details.before === "object" ? detailFields(details.before as Record<string, unknown>) : [];
  const after = details.after && typeof details.after === "object" ? detailFields(details.after as Record<string, unknown>) : [];
  const paths = [...new Set([...before.map((f) => f.path), ...after.map((f) => f.path)])];
  const at = (fields: DetailField[], path: string) => fields.find((f) => f.path === path)?.value ?? "—";
  return paths.map((path) => ({ path, before: at(before, path), after: at(after, path) }));
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
  /** The event that recorded the caller verification this one relied on. */
  verification: { eventId: number; action: string; occurredAt: string } | null;
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
    const [neighbourRows, verificationRows] = await Promise.all([
      rawRows(db, sql`select ${EVENT_COLUMNS} from ${EVENT_FROM} where e.id <> ${raw.id} and (${scope}) and (${sameRequest} or ${sameCall}) order by e.occurred_at, e.id limit 20`),
      raw.verification_id
        ? selectRows<{ id: string | number; action: string; occurred_at: string | Date }>(db, sql`select id, action, occurred_at from audit_events where verification_id = ${raw.verification_id} and action like 'verification.%' and outcome = 'success' order by id limit 1`)
        : Promise.resolve([]),
    ]);
    await book.load(db, [raw, ...neighbourRows]);
    const row = explorerRow(raw, book);
    const masked = maskAuditDetails(details);
    // Before/after show as the change table and the memo among the masked values: the rest are facts.
    const rest = Object.fromEntries(Object.entries(masked).filter(([key]) => !["before", "after", "memo"].includes(key)));
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
    return {
      event,
      changes: changeRows(masked),
      facts: detailFields(rest),
      verification: v ? { eventId: Number(v.id), action: v.action, occurredAt: new Date(v.occurred_at).toISOString() } : null,
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
  summary: Record<string, string | boolean>;
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
