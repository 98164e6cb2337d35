import { eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { apiClients, approvalRequests, auditChannels, customers, staff, staffRoles, tokens } from "@/db/schema";
import type { Principal } from "@/lib/actions/types";
import { can } from "@/lib/auth/permissions";
import { contractIdField, isUuid, serialField, uuidField } from "@/lib/validation/identifiers";
import { text } from "@/lib/validation/text";
import { detailRefs, readDetails, type DetailField, type DetailNames } from "./details";
import { maskAuditDetails, maskIp } from "./redact";
import { auditEventTypes, type ExportFilter } from "./vocabulary";

/**
 * The auditor's explorer over audit_events: one filter shape shared by the grid, the event page's
 * neighbours, the export and the benchmark, turned into one WHERE clause; pages are keyset pages
 * on (occurred_at, id), never OFFSET, so a page costs the same at row 10 and at row 10,000,000
 * and rows appended meanwhile never shift what the next page shows.
 */

export const explorerOutcomes = ["success", "refused", "error"] as const;
/** desk = the portal's screens, api = the token-service API, cli = scripts run by a person, system = the workers and the CLI's system actor. */
export const explorerChannels = ["desk", "api", "cli", "system"] as const;
export const explorerRoles = [...staffRoles, "system", "api_client"] as const;
export const explorerSorts = ["desc", "asc"] as const;
const actionNames = Object.keys(auditEventTypes) as [keyof typeof auditEventTypes, ...(keyof typeof auditEventTypes)[]];

/** Every column the grid can show and the export can write, in display order. */
export const explorerColumns = ["id", "seq", "occurredAt", "actor", "role", "action", "outcome", "customer", "token", "target", "channel", "reason", "memo", "ip", "requestId", "details"] as const;
export type ExplorerColumn = (typeof explorerColumns)[number];
export const defaultColumns: readonly ExplorerColumn[] = ["occurredAt", "actor", "role", "action", "outcome", "customer", "token", "target", "channel", "reason", "details"];

/** 2026-11-22 or 2026-11-22T09:30, read as Japan time. */
const JST_MOMENT = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d)?$/;
const jstMoment = text().regex(JST_MOMENT, { error: "validation.invalidFormat" });
/** `<epoch ms>.<id>` of the last row shown: where the next page starts. */
const CURSOR = /^\d{1,15}\.\d{1,18}$/;

/**
 * What may narrow the explorer. Everything but `text` can go into a URL: ids and identifiers, never
 * a name, phone or address. `text` (searched in the reason and the call memo) may itself be
 * personal data, so it travels only in POST bodies and server-action arguments.
 */
export const auditFilterInput = z.strictObject({
  from: jstMoment.optional(),
  to: jstMoment.optional(),
  staff: uuidField.optional(),
  role: z.enum(explorerRoles).optional(),
  action: z.enum(actionNames).optional(),
  outcome: z.enum(explorerOutcomes).optional(),
  contract: contractIdField.optional(),
  serial: serialField.optional(),
  channel: z.enum(explorerChannels).optional(),
  client: uuidField.optional(),
  text: text().trim().min(1).max(100).optional(),
});
export type AuditFilter = z.output<typeof auditFilterInput>;
/** The filter keys that may appear in a URL. */
export const urlFilterKeys = ["from", "to", "staff", "role", "action", "outcome", "contract", "serial", "channel", "client"] as const satisfies readonly (keyof AuditFilter)[];

export const exploreAuditInput = auditFilterInput.extend({
  sort: z.enum(explorerSorts).default("desc"),
  after: text().regex(CURSOR).optional(),
  before: text().regex(CURSOR).optional(),
});
export type ExploreInput = z.output<typeof exploreAuditInput>;

export const PAGE_SIZE = 50;
/** Up to this many matches are counted exactly; above it the planner's estimate is shown, marked so. */
export const EXACT_COUNT_LIMIT = 10_000;

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

/** The URL's filter, sort, cursor and columns; unknown keys and `text` are ignored (text never comes from a URL). */
export function exploreFromParams(params: Params): { input: Record<string, string>; columns: ExplorerColumn[] } {
  const get = (key: string) => {
    const v = params instanceof URLSearchParams ? params.get(key) : params[key];
    const one = Array.isArray(v) ? v[0] : v;
    return one && one.trim() ? one.trim() : undefined;
  };
  const input: Record<string, string> = {};
  for (const key of [...urlFilterKeys, "sort", "after", "before"]) {
    const v = get(key);
    if (v !== undefined) input[key] = v;
  }
  const cols = get("cols")?.split(",").filter((c): c is ExplorerColumn => (explorerColumns as readonly string[]).includes(c));
  return { input, columns: cols && cols.length ? cols : [...defaultColumns] };
}

/** The shareable URL query of a filter (never its text), optionally with sort, cursor and columns. */
export function filterToParams(filter: Partial<Record<string, string | undefined>>, extra: { sort?: string; after?: string; before?: string; columns?: readonly string[] } = {}): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of urlFilterKeys) {
    const v = filter[key];
    if (v) out.set(key, v);
  }
  if (extra.sort && extra.sort !== "desc") out.set("sort", extra.sort);
  if (extra.after) out.set("after", extra.after);
  if (extra.before) out.set("before", extra.before);
  if (extra.columns && extra.columns.join(",") !== defaultColumns.join(",")) out.set("cols", extra.columns.join(","));
  return out;
}

/** A Japan-time moment as an instant: 2026-11-22 → 2026-11-21T15:00Z; an end date means the whole day. */
export function jstInstant(value: string, end = false): Date {
  const [day, time] = value.split("T");
  const at = new Date(`${day}T${time ?? "00:00"}:00.000+09:00`);
  if (end && !time) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

/** The filter as SQL, with contract IDs and serials resolved to the ids the events carry. */
export interface ResolvedFilter {
  where: SQL;
  /** What the filter says, for the export's audit event (without the text, only that there was one). */
  summary: ExportFilter;
}

/**
 * A supervisor's "team": the schema has no teams, so a supervisor sees the events of the desk
 * staff they lead — every event whose actor was an operator or a teller at the time — and their
 * own. Anyone holding audit.view (auditors) sees every event.
 */
function scopeOf(principal: Principal | null): SQL | null {
  if (!principal || can(principal.role, "audit.view")) return null;
  const me = principal.staff?.id ?? "00000000-0000-0000-0000-000000000000";
  return sql`(e.actor_role in ('operator', 'teller') or (e.actor_type = 'staff' and e.actor_id = ${me}))`;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function resolveFilter(db: Queryable, filter: AuditFilter, principal: Principal | null): Promise<ResolvedFilter> {
  const parts: SQL[] = [];
  const summary: ExportFilter = {};
  for (const key of urlFilterKeys) if (filter[key]) summary[key] = filter[key]!;
  if (filter.text) summary.text = true;
  const scope = scopeOf(principal);
  if (scope) parts.push(scope);
  if (filter.from) parts.push(sql`e.occurred_at >= ${jstInstant(filter.from).toISOString()}`);
  if (filter.to) parts.push(sql`e.occurred_at < ${jstInstant(filter.to, true).toISOString()}`);
  if (filter.staff) parts.push(sql`e.actor_type = 'staff' and e.actor_id = ${filter.staff}`);
  if (filter.client) parts.push(sql`e.actor_type = 'api_client' and e.actor_id = ${filter.client}`);
  if (filter.role) parts.push(sql`e.actor_role = ${filter.role}`);
  if (filter.action) parts.push(sql`e.action = ${filter.action}`);
  if (filter.outcome === "success") parts.push(sql`e.outcome = 'success'`);
  if (filter.outcome === "refused") parts.push(sql`e.outcome in ('denied', 'invalid', 'failed')`);
  if (filter.outcome === "error") parts.push(sql`e.outcome = 'error'`);
  if (filter.channel === "desk") parts.push(sql`e.channel = 'web' and e.actor_type <> 'system'`);
  if (filter.channel === "api") parts.push(sql`e.channel = 'api' and e.actor_type <> 'system'`);
  if (filter.channel === "cli") parts.push(sql`e.channel = 'cli' and e.actor_type <> 'system'`);
  if (filter.channel === "system") parts.push(sql`e.actor_type = 'system'`);
  if (filter.contract) {
    const [c] = await db.select({ id: customers.id }).from(customers).where(eq(customers.contractId, filter.contract));
    parts.push(c ? sql`e.customer_id = ${c.id}` : sql`false`);
  }
  if (filter.serial) {
    const [tk] = await db.select({ id: tokens.id }).from(tokens).where(eq(tokens.serial, filter.serial));
    parts.push(tk ? sql`e.token_id = ${tk.id}` : sql`false`);
  }
  if (filter.text) {
    const like = `%${escapeLike(filter.text)}%`;
    parts.push(sql`(e.reason ilike ${like} or (e.details ->> 'memo') ilike ${like})`);
  }
  return { where: parts.length ? sql.join(parts.map((p) => sql`(${p})`), sql` and `) : sql`true`, summary };
}

/** The event columns every explorer read takes (the seal from audit_chain). */
export const EVENT_COLUMNS = sql`e.id, e.occurred_at, e.actor_type, e.actor_id, e.actor_role, e.action, e.outcome, e.reason, e.ticket, e.customer_id,
  e.token_id, e.target_staff_id, e.verification_id, e.channel, e.ip, e.user_agent, e.request_id, e.details, c.seq`;
export const EVENT_FROM = sql`audit_events e left join audit_chain c on c.event_id = e.id`;

export interface RawEvent {
  id: number | string;
  occurred_at: Date | string;
  actor_type: string;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  outcome: string;
  reason: string | null;
  ticket: string | null;
  customer_id: string | null;
  token_id: string | null;
  target_staff_id: string | null;
  verification_id: string | null;
  channel: string;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  details: Record<string, unknown> | string;
  seq: number | string | null;
}

export interface Cursor {
  at: number;
  id: number;
}
export const encodeCursor = (c: Cursor) => `${c.at}.${c.id}`;
export function decodeCursor(value: string | undefined): Cursor | null {
  if (!value || !CURSOR.test(value)) return null;
  const [at, id] = value.split(".");
  return { at: Number(at), id: Number(id) };
}

/**
 * One keyset page: `after` continues in the sort's direction, `before` goes back a page. The
 * statement is the whole story (the benchmark runs it bare beside the explorer).
 */
export function pageSql(where: SQL, options: { sort: "asc" | "desc"; after?: Cursor | null; before?: Cursor | null; limit?: number }, select: { columns: SQL; from: SQL } = { columns: EVENT_COLUMNS, from: EVENT_FROM }): SQL {
  const forward = !options.before;
  // Reading backwards is the opposite order from the cursor, re-reversed by the caller.
  const desc = (options.sort === "desc") === forward;
  const cursor = options.before ?? options.after;
  const keyset = cursor ? (desc ? sql` and (e.occurred_at, e.id) < (${new Date(cursor.at).toISOString()}::timestamptz, ${cursor.id}::bigint)` : sql` and (e.occurred_at, e.id) > (${new Date(cursor.at).toISOString()}::timestamptz, ${cursor.id}::bigint)`) : sql``;
  const order = desc ? sql`e.occurred_at desc, e.id desc` : sql`e.occurred_at asc, e.id asc`;
  return sql`select ${select.columns} from ${select.from} where (${where})${keyset} order by ${order}${options.limit ? sql` limit ${options.limit}` : sql``}`;
}

/** A raw statement's rows on either driver (postgres.js answers an array, PGlite an object with rows). */
export async function selectRows<T>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

export async function rawRows(db: Queryable, query: SQL): Promise<RawEvent[]> {
  return selectRows<RawEvent>(db, query);
}

/** One event as the explorer shows it: names and identifiers, personal data masked. */
export interface ExplorerRow {
  id: number;
  seq: number | null;
  occurredAt: string;
  actorType: string;
  /** A staff member's display name, an API client's name, a system job's name; null when unknown. */
  actorName: string | null;
  actorRole: string | null;
  action: string;
  outcome: string;
  channel: string;
  customer: string | null;
  token: string | null;
  /** A staff member the event acted on, by login ID. */
  target: string | null;
  reason: string | null;
  memo: string | null;
  ip: string | null;
  requestId: string | null;
  /** The details but the call memo (a column of its own), read in the vocabulary's words. */
  details: DetailField[];
  [key: string]: unknown;
}

/**
 * Names for ids, looked up per batch and remembered for the rest of an export (staff and API
 * clients are few; customers and tokens are forgotten when the memory grows).
 */
export class NameBook implements DetailNames {
  private staff = new Map<string, { name: string; login: string }>();
  private clients = new Map<string, string>();
  private contracts = new Map<string, string>();
  private serials = new Map<string, string>();
  private requests = new Map<string, { kind: string; createdAt: string; eventId: number | null }>();

  async load(db: Queryable, rows: ReadonlyArray<Pick<RawEvent, "actor_type" | "actor_id" | "customer_id" | "token_id" | "target_staff_id"> & Partial<Pick<RawEvent, "action" | "outcome" | "details">>>): Promise<void> {
    if (this.contracts.size > 200_000) this.contracts.clear();
    if (this.serials.size > 200_000) this.serials.clear();
    // One pass, and known ids skip the checks: an export loads thousands of rows per batch.
    const [staffIds, clientIds, customerIds, tokenIds, requestIds] = [new Set<string>(), new Set<string>(), new Set<string>(), new Set<string>(), new Set<string>()];
    const want = (id: string | null, known: Map<string, unknown>, into: Set<string>) => {
      if (id && !known.has(id) && !into.has(id) && isUuid(id)) into.add(id);
    };
    for (const r of rows) {
      if (r.actor_type === "staff") want(r.actor_id, this.staff, staffIds);
      else if (r.actor_type === "api_client") want(r.actor_id, this.clients, clientIds);
      want(r.target_staff_id, this.staff, staffIds);
      want(r.customer_id, this.contracts, customerIds);
      want(r.token_id, this.serials, tokenIds);
      // The people and requests the details name (a four-eyes decision's requester, an export's filter).
      if (r.action && r.details) {
        const refs = { staff: new Set<string>(), clients: new Set<string>(), requests: new Set<string>() };
        detailRefs(r.action, r.outcome ?? "success", toDetails(r.details), refs);
        refs.staff.forEach((id) => want(id, this.staff, staffIds));
        refs.clients.forEach((id) => want(id, this.clients, clientIds));
        refs.requests.forEach((id) => want(id, this.requests, requestIds));
      }
    }
    // One array parameter per lookup (never thousands of IN-list parameters); ids are checked UUIDs.
    const anyOf = (ids: Set<string>) => sql`any(${`{${[...ids].join(",")}}`}::uuid[])`;
    await Promise.all([
      staffIds.size && db.select({ id: staff.id, name: staff.displayName, login: staff.loginId }).from(staff).where(sql`${staff.id} = ${anyOf(staffIds)}`).then((rs) => rs.forEach((s) => this.staff.set(s.id, s))),
      clientIds.size && db.select({ id: apiClients.id, name: apiClients.name }).from(apiClients).where(sql`${apiClients.id} = ${anyOf(clientIds)}`).then((rs) => rs.forEach((c) => this.clients.set(c.id, c.name))),
      customerIds.size && db.select({ id: customers.id, contract: customers.contractId }).from(customers).where(sql`${customers.id} = ${anyOf(customerIds)}`).then((rs) => rs.forEach((c) => this.contracts.set(c.id, c.contract))),
      tokenIds.size && db.select({ id: tokens.id, serial: tokens.serial }).from(tokens).where(sql`${tokens.id} = ${anyOf(tokenIds)}`).then((rs) => rs.forEach((tk) => this.serials.set(tk.id, tk.serial))),
      requestIds.size &&
        db
          .select({
            id: approvalRequests.id,
            kind: approvalRequests.kind,
            createdAt: approvalRequests.createdAt,
            // The event that asked for it: the request's own page in the log.
            eventId: sql<string | null>`(select e.id from audit_events e where e.customer_id = ${approvalRequests.customerId} and e.details ->> 'requestId' = ${approvalRequests.id}::text
              and e.action in ('token.replace', 'token.emergency_code') and e.outcome = 'success' order by e.id limit 1)`,
          })
          .from(approvalRequests)
          .where(sql`${approvalRequests.id} = ${anyOf(requestIds)}`)
          .then((rs) => rs.forEach((r) => this.requests.set(r.id, { kind: r.kind, createdAt: new Date(r.createdAt).toISOString(), eventId: r.eventId === null ? null : Number(r.eventId) }))),
    ]);
  }

  request(id: string) {
    return this.requests.get(id) ?? null;
  }

  staffName(id: string | null) {
    return id ? (this.staff.get(id)?.name ?? null) : null;
  }
  clientName(id: string | null) {
    return id ? (this.clients.get(id) ?? null) : null;
  }
  staffLogin(id: string | null) {
    return id ? (this.staff.get(id)?.login ?? null) : null;
  }
  contract(id: string | null) {
    return id ? (this.contracts.get(id) ?? null) : null;
  }
  serial(id: string | null) {
    return id ? (this.serials.get(id) ?? null) : null;
  }

  actorName(r: Pick<RawEvent, "actor_type" | "actor_id">): string | null {
    if (r.actor_type === "staff") return this.staffName(r.actor_id);
    if (r.actor_type === "api_client") return this.clientName(r.actor_id);
    // A system actor's id is its job's name; an anonymous caller's is what failed to authenticate.
    if (r.actor_type === "system") return r.actor_id;
    return null;
  }
}

const toDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));
export const toDetails = (v: RawEvent["details"]): Record<string, unknown> => (typeof v === "string" ? (JSON.parse(v) as Record<string, unknown>) : (v ?? {}));

/** A stored event as the explorer row: names resolved from `book`, personal data masked. */
export function explorerRow(r: RawEvent, book: NameBook): ExplorerRow {
  const details = toDetails(r.details);
  const masked = maskAuditDetails(details);
  const { memo, ...rest } = masked;
  return {
    id: Number(r.id),
    seq: r.seq === null || r.seq === undefined ? null : Number(r.seq),
    occurredAt: toDate(r.occurred_at).toISOString(),
    actorType: r.actor_type,
    actorName: book.actorName(r),
    actorRole: r.actor_role,
    action: r.action,
    outcome: r.outcome,
    channel: r.actor_type === "system" ? "system" : r.channel === "web" ? "desk" : r.channel,
    customer: book.contract(r.customer_id),
    token: book.serial(r.token_id),
    target: book.staffLogin(r.target_staff_id),
    reason: r.reason,
    memo: typeof memo === "string" ? memo : null,
    ip: r.ip ? maskIp(r.ip) : null,
    requestId: r.request_id,
    details: readDetails(r.action, r.outcome, rest, book),
  };
}

/**
 * Events' details as the explorer reads them — personal data masked, the call memo left out, names
 * looked up — for a list of events that shows each in one line (the daily review):
 * render each with AuditDetailSummary (app/_components/audit-details.tsx), or detailLine.
 */
export async function readEventDetails(db: Queryable, events: ReadonlyArray<{ action: string; outcome: string; details: RawEvent["details"] }>): Promise<DetailField[][]> {
  const rows = events.map((e) => ({ actor_type: "", actor_id: null, customer_id: null, token_id: null, target_staff_id: null, action: e.action, outcome: e.outcome, details: e.details }));
  const book = new NameBook();
  await book.load(db, rows);
  return events.map((e) => {
    const masked = { ...maskAuditDetails(toDetails(e.details)) };
    delete masked.memo;
    return readDetails(e.action, e.outcome, masked, book);
  });
}

export interface ExplorePage {
  rows: ExplorerRow[];
  /** Cursors for the next and previous pages (null at either end). */
  next: string | null;
  previous: string | null;
}

/** One page of the filter, in the chosen order; `before` pages back. */
export async function explorePage(db: Queryable, where: SQL, input: { sort: "asc" | "desc"; after?: string; before?: string }, limit = PAGE_SIZE): Promise<ExplorePage> {
  const after = decodeCursor(input.after);
  const before = decodeCursor(input.before);
  const raw = await rawRows(db, pageSql(where, { sort: input.sort, after, before, limit: limit + 1 }));
  const more = raw.length > limit;
  const page = raw.slice(0, limit);
  if (before) page.reverse();
  const book = new NameBook();
  await book.load(db, page);
  const rows = page.map((r) => explorerRow(r, book));
  const cursorOf = (row: ExplorerRow | undefined) => (row ? encodeCursor({ at: Date.parse(row.occurredAt), id: row.id }) : null);
  // Going forward, a previous page exists when we came from a cursor; going back, a next one does.
  const next = before ? cursorOf(rows.at(-1)) : more ? cursorOf(rows.at(-1)) : null;
  const previous = before ? (more ? cursorOf(rows[0]) : null) : after ? cursorOf(rows[0]) : null;
  return { rows, next, previous };
}

export interface MatchCount {
  count: number;
  /** True when the count is the planner's estimate (above EXACT_COUNT_LIMIT matches). */
  estimated: boolean;
}

/**
 * How many events match: exact up to EXACT_COUNT_LIMIT (a bounded scan), above that the planner's
 * row estimate — counting ten million rows exactly for every page would cost seconds.
 */
export async function countMatching(db: Queryable, where: SQL): Promise<MatchCount> {
  const capped = await selectRows<{ n: number | string }>(db, sql`select count(*)::int as n from (select 1 from audit_events e where ${where} limit ${EXACT_COUNT_LIMIT + 1}) m`);
  const n = Number(capped[0]?.n ?? 0);
  if (n <= EXACT_COUNT_LIMIT) return { count: n, estimated: false };
  const plan = await selectRows<Record<string, unknown>>(db, sql`explain (format json) select 1 from audit_events e where ${where}`);
  const json = plan[0]?.["QUERY PLAN"];
  const parsed = (typeof json === "string" ? JSON.parse(json) : json) as Array<{ Plan: { "Plan Rows": number } }>;
  return { count: Math.max(Math.round(parsed[0]?.Plan["Plan Rows"] ?? n), n), estimated: true };
}

/** Staff and API clients for the filter's drop-downs (ids in the URL, names on screen). */
export async function filterChoices(db: Queryable) {
  const [people, clients] = await Promise.all([
    db.select({ id: staff.id, name: staff.displayName, login: staff.loginId, role: staff.role }).from(staff).orderBy(staff.loginId),
    db.select({ id: apiClients.id, name: apiClients.name }).from(apiClients).orderBy(apiClients.name),
  ]);
  return { staff: people, clients, actions: actionNames, channels: auditChannels };
}

