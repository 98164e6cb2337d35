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
import { GridPager, GridTable } from "./grid-parts";

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
      <GridTable table={table} caption={caption} colSpan={columns.length} />
      {data.length > pageSize && (
        <GridPager
          page={pageIndex + 1}
          pages={pageCount}
          total={data.length}
          canPrevious={table.getCanPreviousPage()}
          canNext={table.getCanNextPage()}
          onPrevious={() => table.previousPage()}
          onNext={() => table.nextPage()}
        />
      )}
    </div>
  );
}
