"use client";

import {
  createPaginatedRowModel,
  createSortedRowModel,
  rowPaginationFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_text,
  tableFeatures,
  useTable,
  type ColumnDef,
} from "@tanstack/react-table";
import { useT } from "./i18n";

/** The features every grid in TokenDesk uses: sortable columns and pages. */
export const gridFeatures = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text },
  rowPaginationFeature,
  paginatedRowModel: createPaginatedRowModel(),
});
export type GridFeatures = typeof gridFeatures;

export interface DataTableProps<Row extends Record<string, unknown>> {
  caption: string;
  columns: Array<ColumnDef<GridFeatures, Row, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  data: Row[];
  pageSize?: number;
  getRowId?: (row: Row) => string;
  testId?: string;
}

/** One accessible grid for every list: sortable headers (aria-sort), pages, an empty state. */
export function DataTable<Row extends Record<string, unknown>>({ caption, columns, data, pageSize = 20, getRowId, testId }: DataTableProps<Row>) {
  const t = useT();
  const table = useTable({
    features: gridFeatures,
    columns,
    data,
    getRowId: getRowId ? (row: Row) => getRowId(row) : undefined,
    initialState: { pagination: { pageIndex: 0, pageSize } },
  });
  const { pageIndex } = table.state.pagination;
  const pageCount = Math.max(table.getPageCount(), 1);
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" data-testid={testId}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const canSort = header.column.getCanSort();
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    className="whitespace-nowrap px-3 py-2 text-left font-semibold text-slate-700"
                  >
                    {header.isPlaceholder ? null : canSort ? (
                      <button
                        type="button"
                        onClick={header.column.getToggleSortingHandler()}
                        className="inline-flex items-center gap-1 hover:underline"
                        title={sorted === "asc" ? t("table.sortDesc") : t("table.sortAsc")}
                      >
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
              <td colSpan={columns.length} className="px-3 py-6 text-center text-slate-500">
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
      {data.length > pageSize && (
        <div className="flex items-center justify-between border-t border-slate-200 px-3 py-2 text-sm">
          <span>{t("table.page", { page: pageIndex + 1, pages: pageCount, total: data.length })}</span>
          <div className="flex gap-2">
            <button type="button" className="btn-secondary" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
              {t("table.previous")}
            </button>
            <button type="button" className="btn-secondary" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
              {t("table.next")}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
