import { queryAsCurrentStaff } from "@/lib/actions/web";
import { csvTable } from "@/lib/csv";
import { reportTable, reportTableIds, type ReportTableId } from "@/lib/audit/report-tables";
import { auditReportQuery } from "@/lib/audit/workspace-queries";
import { getT } from "@/lib/i18n/server";

const statusOf: Record<string, number> = { unauthenticated: 401, forbidden: 403, invalid_input: 400, not_found: 404 };

/** One report table as CSV: the same audited read as the page, the same numbers as its table. */
export async function GET(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const table = params.get("table") as ReportTableId | null;
  const { t } = await getT();
  if (!table || !reportTableIds.includes(table)) return new Response(t("errors.invalidInput"), { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  const result = await queryAsCurrentStaff(auditReportQuery, { from: params.get("from") ?? "", to: params.get("to") ?? "" });
  if (!result.ok) return new Response(result.message, { status: statusOf[result.code] ?? 500, headers: { "content-type": "text/plain; charset=utf-8" } });
  const { header, rows } = reportTable(result.data, table, t);
  return new Response(csvTable(header, rows), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      // Dates only (validated above): nothing from the caller reaches the header unchecked.
      "content-disposition": `attachment; filename="audit-${table}-${result.data.from}_${result.data.to}.csv"`,
    },
  });
}
