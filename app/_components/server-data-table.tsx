"use client";

import { rowPaginationFeature, rowSortingFeature, tableFeatures, useTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import { GridPager, GridTable } from "./grid-parts";

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
      <GridTable table={table} caption={props.caption} colSpan={props.columns.length} />
      {total > pageSize && (
        <GridPager
          page={pageIndex + 1}
          pages={pages}
          total={total}
          canPrevious={table.getCanPreviousPage()}
          canNext={table.getCanNextPage()}
          onPrevious={() => table.previousPage()}
          onNext={() => table.nextPage()}
          busy={props.busy}
        />
      )}
    </div>
  );
}
