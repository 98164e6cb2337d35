"use client";

import { rowPaginationFeature, rowSortingFeature, tableFeatures, useTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import { useT } from "./i18n";

/** Grids whose rows the server sorts and pages: the table only renders one page and reports clicks. */
export const serverGridFeatures = tableFeatures({ rowSortingFeature, rowPaginationFeature });
export type ServerGridFeatures = typeof serverGridFeatures;

export interface ServerDataTableProps<Row extends Record<string, unknown>> {
  caption: string;
  columns: Array<ColumnDef<ServerGridFeatures, Row, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  rows: Row[];
  total: number;
  pageIndex: number;
  pageSize: number;
  sorting: SortingState;
  onSortingChange(sorting: SortingState): void;
  onPageChange(pageIndex: number): void;
  getRowId(row: Row): string;
  busy?: boolean;
  testId?: string;
}

export function ServerDataTable<Row extends Record<string, unknown>>(props: ServerDataTableProps<Row>) {
  const t = useT();
  const { rows, total, pageIndex, pageSize, sorting } = props;
  const table = useTable({
    features: serverGridFeatures,
    columns: props.columns,
    data: rows,
    getRowId: props.getRowId,
    manualSorting: true,
    manualPagination: true,
    rowCount: total,
    state: { sorting, pagination: { pageIndex, pageSize } },
    onSortingChange: (updater) => props.onSortingChange(typeof updater === "function" ? updater(sorting) : updater),
    onPaginationChange: (updater) => props.onPageChange((typeof updater === "function" ? updater({ pageIndex, pageSize }) : updater).pageIndex),
  });
  const pages = Math.max(Math.ceil(total / pageSize), 1);
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" data-testid={props.testId} aria-busy={props.busy || undefined}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{props.caption}</caption>
        <thead className="bg-slate-100">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <th key={header.id} scope="col" aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined} className="whitespace-nowrap px-3 py-2 text-left font-semibold text-slate-700">
                    {header.column.getCanSort() ? (
                      <button type="button" onClick={header.column.getToggleSortingHandler()} className="inline-flex items-center gap-1 hover:underline" title={sorted === "asc" ? t("table.sortDesc") : t("table.sortAsc")}>
                        <table.FlexRender header={header} />
                        <span aria-hidden="true">{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.getRowModel().rows.length === 0 ? (
            <tr>
              <td colSpan={props.columns.length} className="px-3 py-6 text-center text-slate-500">
                {t("table.empty")}
              </td>
            </tr>
          ) : (
            table.getRowModel().rows.map((row) => (
              <tr key={row.id} className="hover:bg-slate-50">
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className="px-3 py-2 align-top">
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
      {total > pageSize && (
        <div className="flex items-center justify-between border-t border-slate-200 px-3 py-2 text-sm">
          <span>{t("table.page", { page: pageIndex + 1, pages, total })}</span>
          <div className="flex gap-2">
            <button type="button" className="btn-secondary" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage() || props.busy}>
              {t("table.previous")}
            </button>
            <button type="button" className="btn-secondary" onClick={() => table.nextPage()} disabled={!table.getCanNextPage() || props.busy}>
              {t("table.next")}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
