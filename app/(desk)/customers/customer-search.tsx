"use client";

import Link from "next/link";
import { startTransition, useActionState, useEffect, useMemo, useRef, useState } from "react";
import { createColumnHelper, type SortingState } from "@tanstack/react-table";
import type { CustomerListRow, SearchOutcome } from "@/lib/customers/search";
import { searchKinds, type CustomerSearchParams, type SearchKind, type SearchSortKey } from "@/lib/customers/search-schema";
import { useT } from "@/app/_components/i18n";
import { ServerDataTable, type ServerGridFeatures } from "@/app/_components/server-data-table";
import { searchCustomersAction } from "./actions";

const helper = createColumnHelper<ServerGridFeatures, CustomerListRow>();
const PAGE_SIZE = 20;

const isSearchKind = (value: unknown): value is SearchKind => (searchKinds as readonly unknown[]).includes(value);

/**
 * The customer search: a form posted to its server action, so it works before the page's scripts
 * have loaded (a busy branch PC) or without them. Its fields are uncontrolled — what the operator
 * chose or typed stays in the DOM, and hydration never puts a default back — and the search reads
 * them from the form itself. The layout (labels, the user-ID field) follows the chosen kind, read
 * from the select once the scripts run.
 */
export function CustomerSearch() {
  const t = useT();
  const [state, search, pending] = useActionState(searchCustomersAction, null);
  const [kind, setKind] = useState<SearchKind>(state?.asked.kind ?? "name");
  const formRef = useRef<HTMLFormElement>(null);
  const kindRef = useRef<HTMLSelectElement>(null);
  const params = state?.params ?? null;
  const outcome = state?.outcome ?? null;

  useEffect(() => {
    // A kind chosen before hydration is in the select already; the layout catches up with it.
    const chosen = kindRef.current?.value;
    if (isSearchKind(chosen)) setKind(chosen);
  }, []);

  const run = (next: CustomerSearchParams) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(next)) form.set(name, String(value));
    startTransition(() => search(form));
  };

  // With scripts, the form is sent without a page load, and is not reset afterwards: the operator's
  // kind and term stay as typed.
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => search(form));
  };

  const columns = useMemo(
    () => [
      helper.accessor("contractId", { id: "contractId", header: t("customers.search.columns.contractId"), cell: (c) => <span className="whitespace-nowrap font-mono">{c.getValue()}</span> }),
      helper.accessor("nameKanji", { id: "nameKanji", header: t("customers.search.columns.name"), enableSorting: false }),
      helper.accessor("nameKana", { id: "nameKana", header: t("customers.search.columns.nameKana") }),
      helper.accessor("branchName", { id: "branchName", header: t("customers.search.columns.branchName") }),
      helper.accessor("phoneMasked", { id: "phone", header: t("customers.search.columns.phone"), enableSorting: false, cell: (c) => <span className="font-mono">{c.getValue()}</span> }),
      helper.accessor("emailMasked", { id: "email", header: t("customers.search.columns.email"), enableSorting: false, cell: (c) => c.getValue() ?? "—" }),
      helper.accessor("verificationBlocked", {
        id: "flags",
        header: t("customers.search.columns.flags"),
        enableSorting: false,
        cell: (c) => (c.getValue() ? <span className="badge bg-red-100 text-red-800">{t("customers.search.blocked")}</span> : null),
      }),
      helper.display({
        id: "open",
        header: t("customers.search.columns.open"),
        cell: (c) => (
          <Link className="btn-secondary" href={`/customers/${c.row.original.id}`} aria-label={`${t("customers.search.open")}: ${c.row.original.nameKanji}`}>
            {t("customers.search.open")}
          </Link>
        ),
      }),
    ],
    [t],
  );

  const sorting: SortingState = params ? [{ id: params.sort, desc: params.dir === "desc" }] : [];
  const found = outcome?.ok ? outcome.data : null;
  // A refused search shows what was wrong with the term itself when the schema said so.
  const message = outcome && !outcome.ok ? (Object.values(outcome.fieldErrors ?? {})[0]?.join(" ") ?? outcome.message) : found && found.status !== "ok" ? outcomeMessage(found, t) : null;

  // The error belongs to the field it is about (the user ID of a service search, else the term).
  const errorField = found?.status === "badFormat" ? found.field : outcome && !outcome.ok && outcome.fieldErrors?.userId ? "userId" : "query";
  const describedBy = (name: "query" | "userId") => [name === "query" ? "search-hint" : null, message && errorField === name ? "search-error" : null].filter(Boolean).join(" ") || undefined;
  useEffect(() => {
    if (message) formRef.current?.querySelector<HTMLInputElement>(`input[name="${errorField}"]`)?.focus();
  }, [message, errorField]);

  return (
    <div className="space-y-4">
      <form ref={formRef} action={search} onSubmit={onSubmit} className="card grid gap-3 sm:grid-cols-[auto_1fr_auto] sm:items-end" aria-label={t("customers.search.title")}>
        <input type="hidden" name="sort" value={params?.sort ?? "nameKana"} />
        <input type="hidden" name="dir" value={params?.dir ?? "asc"} />
        <input type="hidden" name="pageSize" value={PAGE_SIZE} />
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">{t("customers.search.kind")}</span>
          <select ref={kindRef} name="kind" className="input" defaultValue={state?.asked.kind ?? "name"} onChange={(e) => isSearchKind(e.target.value) && setKind(e.target.value)}>
            {searchKinds.map((k) => (
              <option key={k} value={k}>
                {t(`customers.search.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="grid gap-2 sm:grid-cols-2">
          <label className={`flex flex-col gap-1 text-sm ${kind === "serviceUser" ? "" : "sm:col-span-2"}`}>
            <span className="font-medium">{kind === "serviceUser" ? t("customers.search.serviceId") : t("customers.search.query")}</span>
            <input name="query" type="search" className="input" autoComplete="off" defaultValue={state?.asked.query} aria-describedby={describedBy("query")} aria-invalid={message && errorField === "query" ? true : undefined} />
          </label>
          {kind === "serviceUser" && (
            <label className="flex flex-col gap-1 text-sm">
              <span className="font-medium">{t("customers.search.userId")}</span>
              <input name="userId" type="search" className="input" autoComplete="off" inputMode="numeric" defaultValue={state?.asked.userId} aria-describedby={describedBy("userId")} aria-invalid={message && errorField === "userId" ? true : undefined} />
            </label>
          )}
          <p id="search-hint" className="text-xs text-slate-500 sm:col-span-2">
            {t(`customers.search.hints.${kind}`)}
          </p>
          {message && (
            <p id="search-error" role="alert" className="text-sm font-medium text-red-700 sm:col-span-2">
              {message}
            </p>
          )}
        </div>
        <button type="submit" className="btn-primary" disabled={pending}>
          {t("customers.search.submit")}
        </button>
      </form>
      {found?.status === "ok" && params && (
        <section aria-labelledby="results-title" className="space-y-2">
          <h2 id="results-title" className="text-lg font-semibold">
            {t("customers.search.results", { total: found.total })}
          </h2>
          {found.total === 0 ? (
            <p role="status" className="text-sm text-slate-600">
              {t("customers.search.noMatch")}
            </p>
          ) : (
            <ServerDataTable
              caption={t("customers.search.caption")}
              columns={columns}
              rows={found.rows}
              total={found.total}
              pageIndex={found.page}
              pageSize={found.pageSize}
              sorting={sorting}
              busy={pending}
              getRowId={(r) => r.id}
              testId="customer-results"
              onSortingChange={(next) => {
                const first = next[0];
                run({ ...params, sort: (first?.id as SearchSortKey | undefined) ?? "nameKana", dir: first?.desc ? "desc" : "asc", page: 0 });
              }}
              onPageChange={(page) => run({ ...params, page })}
            />
          )}
        </section>
      )}
    </div>
  );
}

function outcomeMessage(outcome: Exclude<SearchOutcome, { status: "ok" }>, t: ReturnType<typeof useT>): string {
  switch (outcome.status) {
    case "empty":
      return t("customers.search.empty");
    case "tooShort":
      return t("customers.search.tooShort");
    case "tooBroad":
      return t("customers.search.tooBroad", { limit: outcome.limit });
    case "badFormat":
      return t("customers.search.badFormat");
  }
}
