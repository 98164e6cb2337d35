"use client";

import type { ReactTable, RowData, TableFeatures } from "@tanstack/react-table";
import { useT } from "./i18n";

type Sorted = false | "asc" | "desc";

/** A column header: a sort button with its arrow and aria-sort when the column sorts. */
export function GridHeaderCell({ sorted, canSort, onToggle, children }: { sorted: Sorted; canSort: boolean; onToggle?: (event: unknown) => void; children: React.ReactNode }) {
  const t = useT();
  return (
    <th scope="col" aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined} className="whitespace-nowrap px-3 py-2 text-left font-semibold text-slate-700">
      {canSort ? (
        <button type="button" onClick={onToggle} className="inline-flex items-center gap-1 hover:underline" title={sorted === "asc" ? t("table.sortDesc") : t("table.sortAsc")}>
          {children}
          <span aria-hidden="true">{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
        </button>
      ) : (
        children
      )}
    </th>
  );
}

/** The row shown when a grid has nothing to list. */
export function GridEmptyRow({ colSpan }: { colSpan: number }) {
  const t = useT();
  return (
    <tr>
      <td colSpan={colSpan} className="px-3 py-6 text-center text-slate-500">
        {t("table.empty")}
      </td>
    </tr>
  );
}

/** "1 / 8 ページ（全146件）" with previous / next. */
export function GridPager(props: { page: number; pages: number; total: number; canPrevious: boolean; canNext: boolean; onPrevious(): void; onNext(): void; busy?: boolean }) {
  const t = useT();
  return (
    <div className="flex items-center justify-between border-t border-slate-200 px-3 py-2 text-sm">
      <span>{t("table.page", { page: props.page, pages: props.pages, total: props.total })}</span>
      <div className="flex gap-2">
        <button type="button" className="btn-secondary" onClick={props.onPrevious} disabled={!props.canPrevious || props.busy}>
          {t("table.previous")}
        </button>
        <button type="button" className="btn-secondary" onClick={props.onNext} disabled={!props.canNext || props.busy}>
          {t("table.next")}
        </button>
      </div>
    </div>
  );
}

/**
 * What a header needs of its column. Both grids' features include row sorting, but TypeScript
 * cannot see that through a generic feature set, so the column is narrowed to this.
 */
interface SortableColumn {
  getIsSorted(): Sorted;
  getCanSort(): boolean;
  getToggleSortingHandler(): ((event: unknown) => void) | undefined;
}

function SortableHeader({ column, children }: { column: SortableColumn; children: React.ReactNode }) {
  return (
    <GridHeaderCell sorted={column.getIsSorted()} canSort={column.getCanSort()} onToggle={column.getToggleSortingHandler()}>
      {children}
    </GridHeaderCell>
  );
}

/** The table every grid draws from its table state: caption, sortable headers, rows or the empty row. */
export function GridTable<F extends TableFeatures, R extends RowData>({ table, caption, colSpan }: { table: ReactTable<F, R>; caption: string; colSpan: number }) {
  return (
    <table className="min-w-full divide-y divide-slate-200 text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="bg-slate-100">
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <SortableHeader key={header.id} column={header.column as unknown as SortableColumn}>
                <table.FlexRender header={header} />
              </SortableHeader>
            ))}
          </tr>
        ))}
      </thead>
      <tbody className="divide-y divide-slate-100">
        {table.getRowModel().rows.length === 0 ? (
          <GridEmptyRow colSpan={colSpan} />
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
  );
}
