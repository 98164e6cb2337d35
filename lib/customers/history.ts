import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { selectRows } from "@/lib/audit/explorer";
import { SESSION_IDLE_MS } from "@/lib/auth/sessions";

/**
 * The customer's call history (応対履歴): every event of the customer, newest first, in pages of
 * lines. Opening the page is itself an audited event (customer.view), so a busy call adds one per
 * click; such reads fold into one line per staff member and visit, so that they can never push a
 * change out of sight. Lines are made and counted by the database; only one page reaches Node.
 */

/** One line as a person reads it: who (by name and role, never an id), what, and the call's notes. */
export interface DeskHistoryLine {
  /** The newest event of the line: the key of the row, and what it is sorted by. */
  id: number;
  /** When the line's newest event happened (ISO). */
  occurredAt: string;
  /** When its oldest happened: the same as occurredAt unless reads were folded. */
  firstAt: string;
  /** How many events the line stands for (1 unless reads were folded). */
  count: number;
  action: string;
  outcome: string;
  /** staff, system, api_client or anonymous: shown translated, never as the raw value. */
  actorType: string;
  /** A staff member's display name, an API client's name or a system job's name; null if unknown. */
  actorName: string | null;
  /** The staff member's role when they acted. */
  actorRole: string | null;
  reason: string | null;
  ticket: string | null;
  /** The call memo the staff member wrote with the action. */
  memo: string | null;
  /** The error code the customer's app showed (S0C4), when the token service refused. */
  appError: string | null;
  /** This refusal locked the token or its activation password. */
  lockedNow: boolean;
  [key: string]: unknown;
}

export interface DeskHistoryPage {
  lines: DeskHistoryLine[];
  /** How many lines all pages hold together: what 「n / m ページ（全N件）」 counts. */
  total: number;
  /** 1-based; a page past the end is answered with the last. */
  page: number;
  pages: number;
  pageSize: number;
  /**
   * The newest event the pages were made from. Later pages ask for the same, so events added
   * meanwhile (this very page's customer.view among them) never shift a line to another page.
   */
  asOf: number | null;
}

export const HISTORY_PAGE_SIZE = 10;

/** Successful reads change nothing: they fold into one line per staff member and visit. */
export const READS = ["customer.view", "audit.reveal"];
/**
 * The outbox's own plumbing (a worker claiming a batch, the demo mailbox filing a copy) is for
 * auditors; the desk keeps "notice sent / failed", which says the customer was told.
 */
export const PLUMBING = ["notice.claim", "demo.mailbox_receive"];
/** Nothing happening to the customer for longer than a session may stay idle ends a visit. */
const VISIT_GAP_SECONDS = SESSION_IDLE_MS / 1000;

interface LineRow {
  total: number | string;
  as_of: number | string | null;
  id: number | string | null;
  occurred_at: Date | string | null;
  first_at: Date | string | null;
  n: number | string | null;
  action: string | null;
  outcome: string | null;
  actor_type: string | null;
  actor_id: string | null;
  actor_role: string | null;
  reason: string | null;
  ticket: string | null;
  memo: string | null;
  app_error: string | null;
  locked_now: boolean | null;
  staff_name: string | null;
  staff_role: string | null;
  client_name: string | null;
}

/**
 * One page of lines. A visit is a stretch of the customer's events with no change in it and no
 * pause longer than VISIT_GAP_SECONDS; in it, each person's reads of one kind are one line (two
 * staff members reading in turns are two lines, not one per click). Every other event is a line
 * of its own. `asOf` (from the first page) bounds the events read.
 */
export async function customerHistory(db: Queryable, customerId: string, options: { page?: number; asOf?: number | null; pageSize?: number } = {}): Promise<DeskHistoryPage> {
  const pageSize = options.pageSize ?? HISTORY_PAGE_SIZE;
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const rows = await selectRows<LineRow>(db, historySql(customerId, options.asOf ?? null, page, pageSize));
  const total = Number(rows[0]?.total ?? 0);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const asOf = rows[0]?.as_of == null ? null : Number(rows[0].as_of);
  // No events at all still answers one row (the count), with no line in it.
  return { lines: rows.filter((r) => r.id != null).map(lineOf), total, page: Math.min(page, pages), pages, pageSize, asOf };
}

/**
 * The statement in steps, all in the order of the events' ids (the order of
 * audit_events_customer_idx, so nothing is sorted but the lines of the page): the customer's
 * events up to `asOf`; a new stretch at every change and after every pause longer than a visit
 * allows; a line per change, and per stretch one line for each person's reads of one kind; the
 * lines counted once and cut to one page by their newest event.
 */
function historySql(customerId: string, asOf: number | null, page: number, pageSize: number) {
  const reads = sql.join(READS.map((a) => sql`${a}`), sql`, `);
  const plumbing = sql.join(PLUMBING.map((a) => sql`${a}`), sql`, `);
  const upTo = asOf == null ? sql`` : sql` and e.id <= ${asOf}`;
  return sql`
    with events as (
      select e.id, e.occurred_at, e.actor_type, e.actor_id, e.action,
             (e.action in (${reads}) and e.outcome = 'success') as is_read,
             e.occurred_at - lag(e.occurred_at) over (order by e.id) > make_interval(secs => ${VISIT_GAP_SECONDS}) as paused
        from audit_events e
       where e.customer_id = ${customerId} and e.action not in (${plumbing})${upTo}
    ),
    stretched as (
      select id, occurred_at, is_read, actor_type, actor_id, action,
             count(*) filter (where not is_read or paused) over (order by id) as stretch
        from events
    ),
    lines as (
      select max(id) as id, min(occurred_at) as first_at, count(*) as n
        from stretched
       group by stretch, case when is_read then 0 else id end, actor_type, actor_id, action
    ),
    counted as (
      select count(*) as total, max(id) as as_of from lines
    ),
    page as (
      -- A page past the end is the last page.
      select * from lines order by id desc
       limit ${pageSize} offset (least(${page}, greatest(ceil((select total from counted) / ${pageSize}::numeric), 1)) - 1) * ${pageSize}
    )
    select counted.total, counted.as_of, l.id, e.occurred_at, l.first_at, l.n, e.action, e.outcome, e.actor_type, e.actor_id, e.actor_role, e.reason, e.ticket,
           e.details ->> 'memo' as memo, e.details ->> 'appError' as app_error, (e.details ->> 'lockedNow') = 'true' as locked_now,
           s.display_name as staff_name, s.role as staff_role, c.name as client_name
      from counted
      left join (page l
        join audit_events e on e.id = l.id
        left join staff s on e.actor_type = 'staff' and s.id::text = e.actor_id
        left join api_clients c on e.actor_type = 'api_client' and c.id::text = e.actor_id) on true
     order by l.id desc`;
}

const iso = (value: Date | string | null): string => new Date(value ?? 0).toISOString();

function lineOf(r: LineRow): DeskHistoryLine {
  return {
    id: Number(r.id),
    occurredAt: iso(r.occurred_at),
    firstAt: iso(r.first_at),
    count: Number(r.n),
    action: r.action ?? "",
    outcome: r.outcome ?? "",
    actorType: r.actor_type ?? "",
    actorName: actorName(r),
    actorRole: r.actor_type === "staff" ? (r.actor_role ?? r.staff_role ?? null) : null,
    reason: r.reason,
    ticket: r.ticket,
    memo: r.memo,
    appError: r.app_error,
    lockedNow: r.locked_now === true,
  };
}

function actorName(r: LineRow): string | null {
  if (r.actor_type === "staff") return r.staff_name;
  if (r.actor_type === "api_client") return r.client_name;
  // A system actor's id is the job's own name (demo-seed, notice-worker).
  if (r.actor_type === "system") return r.actor_id;
  return null;
}
