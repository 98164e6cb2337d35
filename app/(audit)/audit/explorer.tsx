"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { createColumnHelper, useTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import { serverGridFeatures, type ServerGridFeatures } from "@/app/_components/server-data-table";
import { GridTable } from "@/app/_components/grid-parts";
import { FormMessage } from "@/app/_components/form";
import { useT } from "@/app/_components/i18n";
import type { MessageKey } from "@/lib/i18n/translate";
import { formatJst } from "@/lib/time/format";
import { EXACT_COUNT_LIMIT, explorerChannels, explorerColumns, explorerOutcomes, explorerRoles, filterToParams, type ExplorePage, type ExplorerColumn, type ExplorerRow, type MatchCount } from "@/lib/audit/explorer";
import { exploreWithText } from "./explorer-actions";
import { outcomeStyle } from "@/app/_components/outcome-style";
import { AuditDetailSummary } from "@/app/_components/audit-details";

export interface Choices {
  staff: Array<{ id: string; name: string; login: string; role: string }>;
  clients: Array<{ id: string; name: string }>;
  actions: readonly string[];
}

interface Props {
  /** The URL's filter (never text), sort and cursor. */
  input: Record<string, string>;
  columns: ExplorerColumn[];
  page: ExplorePage | null;
  total: MatchCount | null;
  choices: Choices | null;
  fieldErrors: Record<string, string[]> | null;
  canExport: boolean;
}

const helper = createColumnHelper<ServerGridFeatures, ExplorerRow>();

export function AuditExplorer(props: Props) {
  const t = useT();
  const router = useRouter();
  const label = (key: string, fallback: string | null = null) => {
    const text = t(key as MessageKey);
    return text === key ? fallback : text;
  };
  const [columns, setColumns] = useState<ExplorerColumn[]>(props.columns);
  // Words searched in reasons and memos live in this component's memory only (never the URL).
  const [text, setText] = useState("");
  const [textResult, setTextResult] = useState<{ page: ExplorePage; total: MatchCount; cursor: { after?: string; before?: string } } | null>(null);
  const [textError, setTextError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const sort = props.input.sort === "asc" ? "asc" : "desc";
  const urlFilter = Object.fromEntries(Object.entries(props.input).filter(([k]) => !["sort", "after", "before"].includes(k)));
  const href = (extra: { after?: string; before?: string; sort?: string; columns?: ExplorerColumn[] }) => {
    const q = filterToParams(urlFilter, { sort: extra.sort ?? sort, after: extra.after, before: extra.before, columns: extra.columns ?? columns }).toString();
    return q ? `/audit?${q}` : "/audit";
  };

  const runText = (words: string, cursor: { after?: string; before?: string } = {}) => {
    setTextError(null);
    startTransition(async () => {
      const result = await exploreWithText({ ...urlFilter, sort, text: words, ...(cursor.after ? { after: cursor.after } : {}), ...(cursor.before ? { before: cursor.before } : {}) });
      if (result.ok) setTextResult({ page: result.data, total: result.data.total, cursor });
      else setTextError(result.fieldErrors?.text?.[0] ?? result.message);
    });
  };

  const page = textResult?.page ?? props.page;
  const total = textResult?.total ?? props.total;

  const all = {
    id: helper.accessor("id", { id: "id", header: t("auditExplorer.columns.id"), enableSorting: false }),
    seq: helper.accessor("seq", { id: "seq", header: t("auditExplorer.columns.seq"), enableSorting: false, cell: (c) => c.getValue() ?? <span className="badge bg-slate-100 text-slate-600">{t("audit.unsealed")}</span> }),
    occurredAt: helper.accessor("occurredAt", {
      id: "occurredAt",
      header: t("auditExplorer.columns.occurredAt"),
      cell: (c) => (
        // The visible time starts the link's name (what a voice user says); the rest is for screen readers.
        <Link href={`/audit/events/${c.row.original.id}`} className="whitespace-nowrap text-brand-700 underline">
          {formatJst(c.getValue())}
          <span className="sr-only">{t("auditExplorer.openEvent", { id: c.row.original.id })}</span>
        </Link>
      ),
    }),
    actor: helper.accessor("actorName", {
      id: "actor",
      header: t("auditExplorer.columns.actor"),
      enableSorting: false,
      cell: (c) => {
        const row = c.row.original;
        return row.actorType === "staff" ? (row.actorName ?? "—") : [label(`audit.actorTypes.${row.actorType}`, row.actorType), row.actorName].filter(Boolean).join(" ");
      },
    }),
    role: helper.accessor("actorRole", {
      id: "role",
      header: t("auditExplorer.columns.role"),
      enableSorting: false,
      // A staff role, else what the actor is (an API client, the system): the export's words too.
      cell: (c) => <span className="whitespace-nowrap">{c.getValue() ? label(`roles.${c.getValue()}`, label(`audit.actorTypes.${c.getValue()}`, c.getValue())) : "—"}</span>,
    }),
    action: helper.accessor("action", { id: "action", header: t("auditExplorer.columns.action"), enableSorting: false, cell: (c) => label(`actions.${c.getValue()}`, c.getValue()) }),
    outcome: helper.accessor("outcome", {
      id: "outcome",
      header: t("auditExplorer.columns.outcome"),
      enableSorting: false,
      cell: (c) => <span className={`badge ${outcomeStyle[c.getValue()] ?? ""}`}>{label(`audit.outcomes.${c.getValue()}`, "—")}</span>,
    }),
    customer: helper.accessor("customer", { id: "customer", header: t("auditExplorer.columns.customer"), enableSorting: false, cell: (c) => <span className="whitespace-nowrap font-mono text-xs">{c.getValue() ?? "—"}</span> }),
    token: helper.accessor("token", { id: "token", header: t("auditExplorer.columns.token"), enableSorting: false, cell: (c) => <span className="whitespace-nowrap font-mono text-xs">{c.getValue() ?? "—"}</span> }),
    target: helper.accessor("target", { id: "target", header: t("auditExplorer.columns.target"), enableSorting: false, cell: (c) => c.getValue() ?? "—" }),
    channel: helper.accessor("channel", { id: "channel", header: t("auditExplorer.columns.channel"), enableSorting: false, cell: (c) => <span className="whitespace-nowrap">{label(`auditExplorer.channels.${c.getValue()}`, "—")}</span> }),
    reason: helper.accessor("reason", { id: "reason", header: t("auditExplorer.columns.reason"), enableSorting: false, cell: (c) => c.getValue() ?? "—" }),
    memo: helper.accessor("memo", { id: "memo", header: t("auditExplorer.columns.memo"), enableSorting: false, cell: (c) => c.getValue() ?? "—" }),
    ip: helper.accessor("ip", { id: "ip", header: t("auditExplorer.columns.ip"), enableSorting: false, cell: (c) => <span className="font-mono text-xs">{c.getValue() ?? "—"}</span> }),
    requestId: helper.accessor("requestId", { id: "requestId", header: t("auditExplorer.columns.requestId"), enableSorting: false, cell: (c) => <span className="font-mono text-xs">{c.getValue() ?? "—"}</span> }),
    details: helper.accessor("details", {
      id: "details",
      header: t("auditExplorer.columns.details"),
      enableSorting: false,
      // One line in the row; the whole on the event page the time links to.
      cell: (c) => <AuditDetailSummary fields={c.getValue()} t={t} />,
    }),
  };
  // The column chooser: only the chosen columns reach the table (and the export).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- columns of different value types in one list, as ServerDataTable takes them
  const visible = explorerColumns.filter((c) => columns.includes(c)).map((c) => all[c] as ColumnDef<ServerGridFeatures, ExplorerRow, any>);
  const sorting: SortingState = [{ id: "occurredAt", desc: sort === "desc" }];
  const table = useTable({
    features: serverGridFeatures,
    columns: visible,
    data: page?.rows ?? [],
    getRowId: (r) => String(r.id),
    manualSorting: true,
    manualPagination: true,
    state: { sorting },
    onSortingChange: () => {
      const next = sort === "desc" ? "asc" : "desc";
      if (textResult) return runTextSorted(next);
      router.push(href({ sort: next }));
    },
  });
  // Sorting while words filter the view: the words stay in memory, the order goes to the URL too.
  const runTextSorted = (next: string) => {
    router.replace(href({ sort: next }));
    setTextResult(null);
  };

  const toggleColumn = (column: ExplorerColumn) => {
    const next = columns.includes(column) ? columns.filter((c) => c !== column) : explorerColumns.filter((c) => c === column || columns.includes(c));
    if (!next.length) return;
    setColumns(next);
    // The chosen columns belong to the shared view: they go into the URL (no reload).
    window.history.replaceState(null, "", href({ columns: next, after: props.input.after, before: props.input.before }));
  };

  const option = (value: string, text: string) => (
    <option key={value} value={value}>
      {text}
    </option>
  );
  const select = (name: string, title: string, options: Array<[string, string]>) => (
    <label className="block text-sm">
      <span className="mb-1 block font-medium">{title}</span>
      <select name={name} defaultValue={props.input[name] ?? ""} className="input">
        {option("", t("auditExplorer.any"))}
        {options.map(([v, l]) => option(v, l))}
      </select>
      {props.fieldErrors?.[name]?.map((e) => <span key={e} className="block text-sm text-red-700">{e}</span>)}
    </label>
  );
  const field = (name: string, title: string, type = "text", extra: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label className="block text-sm">
      <span className="mb-1 block font-medium">{title}</span>
      <input name={name} type={type} defaultValue={props.input[name] ?? ""} className="input" aria-invalid={props.fieldErrors?.[name] ? true : undefined} {...extra} />
      {props.fieldErrors?.[name]?.map((e) => <span key={e} className="block text-sm text-red-700">{e}</span>)}
    </label>
  );

  const pager = page && (
    <nav className="flex items-center justify-end gap-2 border-t border-slate-200 px-3 py-2 text-sm" aria-label={t("auditExplorer.title")}>
      {textResult ? (
        <>
          <button type="button" className="btn-secondary" disabled={!page.previous || pending} onClick={() => runText(text, { before: page.previous! })}>
            {t("auditExplorer.previous")}
          </button>
          <button type="button" className="btn-secondary" disabled={!page.next || pending} onClick={() => runText(text, { after: page.next! })}>
            {t("auditExplorer.next")}
          </button>
        </>
      ) : (
        <>
          {(props.input.after || props.input.before) && <Link className="btn-secondary" href={href({})}>{t("auditExplorer.first")}</Link>}
          {page.previous && <Link className="btn-secondary" href={href({ before: page.previous })}>{t("auditExplorer.previous")}</Link>}
          {page.next && <Link className="btn-secondary" href={href({ after: page.next })}>{t("auditExplorer.next")}</Link>}
        </>
      )}
    </nav>
  );

  return (
    <div className="space-y-4">
      <form
        method="get"
        action="/audit"
        className="card space-y-3"
        aria-labelledby="explorer-filters"
        onSubmit={(e) => {
          // With script: a clean shareable URL (no empty fields); without, the plain GET works too.
          e.preventDefault();
          const form = Object.fromEntries([...new FormData(e.currentTarget)].map(([k, v]) => [k, String(v).trim()]));
          const q = filterToParams(form, { sort: form.sort, columns }).toString();
          setTextResult(null);
          router.push(q ? `/audit?${q}` : "/audit");
        }}
      >
        <h2 id="explorer-filters" className="text-lg font-semibold">
          {t("auditExplorer.filters")}
        </h2>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {field("from", t("auditExplorer.from"), "datetime-local")}
          {field("to", t("auditExplorer.to"), "datetime-local")}
          {select("staff", t("auditExplorer.staff"), (props.choices?.staff ?? []).map((s) => [s.id, `${s.name}（${label(`roles.${s.role}`, s.role)}）`]))}
          {select("role", t("auditExplorer.role"), explorerRoles.map((r) => [r, label(`roles.${r}`, label(`audit.actorTypes.${r}`, r))!]))}
          {select("action", t("auditExplorer.action"), (props.choices?.actions ?? []).map((a) => [a, label(`actions.${a}`, a)!]))}
          {select("outcome", t("auditExplorer.outcome"), explorerOutcomes.map((o) => [o, t(`auditExplorer.outcomes.${o}`)]))}
          {field("contract", t("auditExplorer.contract"), "text", { inputMode: "numeric", autoComplete: "off" })}
          {field("serial", t("auditExplorer.serial"), "text", { inputMode: "numeric", autoComplete: "off" })}
          {select("channel", t("auditExplorer.channel"), explorerChannels.map((c) => [c, t(`auditExplorer.channels.${c}`)]))}
          {select("client", t("auditExplorer.client"), (props.choices?.clients ?? []).map((c) => [c.id, c.name]))}
          <label className="block text-sm">
            <span className="mb-1 block font-medium">{t("auditExplorer.sort")}</span>
            <select name="sort" defaultValue={sort} className="input">
              {option("desc", t("auditExplorer.sorts.desc"))}
              {option("asc", t("auditExplorer.sorts.asc"))}
            </select>
          </label>
        </div>
        <input type="hidden" name="cols" value={columns.join(",")} />
        <p className="text-xs text-slate-600">{t("auditExplorer.shareNote")}</p>
        <div className="flex gap-2">
          <button type="submit" className="btn-primary">
            {t("auditExplorer.apply")}
          </button>
          <Link href="/audit" className="btn-secondary">
            {t("auditExplorer.clear")}
          </Link>
        </div>
      </form>

      <form
        className="card space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) runText(text.trim());
        }}
      >
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{t("auditExplorer.text")}</span>
          <input value={text} onChange={(e) => setText(e.target.value)} className="input" autoComplete="off" aria-describedby="text-note" />
        </label>
        <p id="text-note" className="text-xs text-slate-600">
          {t("auditExplorer.textNote")}
        </p>
        {textError && <FormMessage kind="error">{textError}</FormMessage>}
        <div className="flex gap-2">
          <button type="submit" className="btn-secondary" disabled={pending}>
            {t("auditExplorer.textApply")}
          </button>
          {textResult && (
            <button
              type="button"
              className="btn-secondary"
              onClick={() => {
                setText("");
                setTextResult(null);
              }}
            >
              {t("auditExplorer.textClear")}
            </button>
          )}
        </div>
      </form>

      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm font-semibold" data-testid="explorer-count" aria-live="polite">
          {total ? (total.estimated ? t("auditExplorer.countEstimated", { count: total.count.toLocaleString("ja-JP") }) : t("auditExplorer.count", { count: total.count.toLocaleString("ja-JP") })) : null}
          {total?.estimated && <span className="ml-2 text-xs font-normal text-slate-600">{t("auditExplorer.estimatedNote", { limit: EXACT_COUNT_LIMIT.toLocaleString("ja-JP") })}</span>}
          {textResult && <span className="ml-2 text-xs font-normal text-slate-600">{t("auditExplorer.textActive", { text })}</span>}
        </p>
        <details className="text-sm">
          <summary className="cursor-pointer">{t("auditExplorer.columnChooser")}</summary>
          <fieldset className="mt-2 grid grid-cols-2 gap-1 rounded border border-slate-200 bg-white p-2">
            <legend className="sr-only">{t("auditExplorer.columnChooser")}</legend>
            {explorerColumns.map((c) => (
              <label key={c} className="flex items-center gap-1">
                <input type="checkbox" checked={columns.includes(c)} onChange={() => toggleColumn(c)} />
                {t(`auditExplorer.columns.${c}`)}
              </label>
            ))}
          </fieldset>
        </details>
      </div>

      {props.canExport && <ExportPanel filter={{ ...urlFilter, sort, ...(textResult ? { text } : {}) }} columns={columns} total={total} />}

      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" data-testid="audit-table" aria-busy={pending || undefined}>
        <GridTable table={table} caption={t("auditExplorer.title")} colSpan={visible.length} />
        {pager}
      </div>
    </div>
  );
}

/** Export with progress (rows received / rows expected) and a cancel button; the file is built in the browser from the stream. */
function ExportPanel({ filter, columns, total }: { filter: Record<string, string>; columns: ExplorerColumn[]; total: MatchCount | null }) {
  const t = useT();
  const abort = useRef<AbortController | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);

  const run = async (format: "csv" | "jsonl") => {
    const controller = new AbortController();
    abort.current = controller;
    setMessage(null);
    setProgress({ done: 0, total: total?.count ?? 0 });
    try {
      const response = await fetch("/audit/export", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...filter, columns, format }), signal: controller.signal });
      if (!response.ok || !response.body) {
        setMessage({ kind: "error", text: response.status === 403 ? t("auditExplorer.export.forbidden") : t("auditExplorer.export.failed") });
        return;
      }
      const expected = Number(response.headers.get("x-total-rows") ?? 0);
      const reader = response.body.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      // Rows are counted by line ends; the CSV's header line is not a row.
      let lines = format === "csv" ? -1 : 0;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        chunks.push(value as Uint8Array<ArrayBuffer>);
        for (const byte of value) if (byte === 10) lines++;
        setProgress({ done: Math.max(0, Math.min(lines, expected)), total: expected });
      }
      const blob = new Blob(chunks, { type: format === "csv" ? "text/csv" : "application/x-ndjson" });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? `audit.${format}`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setMessage({ kind: "success", text: t("auditExplorer.export.done", { count: expected.toLocaleString("ja-JP") }) });
    } catch (error) {
      setMessage({ kind: "error", text: controller.signal.aborted ? t("auditExplorer.export.cancelled") : t("auditExplorer.export.failed") });
      if (!controller.signal.aborted) console.error(error);
    } finally {
      abort.current = null;
      setProgress(null);
    }
  };

  return (
    <section className="card space-y-2" aria-labelledby="export-title">
      <h2 id="export-title" className="text-lg font-semibold">
        {t("auditExplorer.export.title")}
      </h2>
      <p className="text-xs text-slate-600">{t("auditExplorer.export.note")}</p>
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className="btn-secondary" disabled={!!progress} onClick={() => run("csv")}>
          {t("auditExplorer.export.csv")}
        </button>
        <button type="button" className="btn-secondary" disabled={!!progress} onClick={() => run("jsonl")}>
          {t("auditExplorer.export.jsonl")}
        </button>
        {progress && (
          <>
            <progress max={Math.max(progress.total, 1)} value={progress.done} aria-label={t("auditExplorer.export.title")} />
            <span className="text-sm" role="status" data-testid="export-progress">
              {t("auditExplorer.export.progress", { done: progress.done.toLocaleString("ja-JP"), total: progress.total.toLocaleString("ja-JP") })}
            </span>
            <button type="button" className="btn-secondary" onClick={() => abort.current?.abort()}>
              {t("auditExplorer.export.cancel")}
            </button>
          </>
        )}
      </div>
      {message && (
        <div data-testid="export-message">
          <FormMessage kind={message.kind}>{message.text}</FormMessage>
        </div>
      )}
    </section>
  );
}
