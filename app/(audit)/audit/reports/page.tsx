import { auditOutcomes } from "@/db/schema/audit";
import { pageQuery } from "@/lib/actions/web";
import { reportTable, type ReportTable, type ReportTableId } from "@/lib/audit/report-tables";
import { reportInput } from "@/lib/audit/reports";
import { auditReportQuery } from "@/lib/audit/workspace-queries";
import { getT } from "@/lib/i18n/server";
import type { MessageKey, Translate } from "@/lib/i18n/translate";
import { formatJstDate } from "@/lib/time/format";
import { addDays, jstDate } from "@/lib/time/working-days";
import { FormMessage } from "@/app/_components/form";
import { StackedBarChart, type ChartSeries } from "./report-chart";

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const outcomeColors: Record<(typeof auditOutcomes)[number], string> = {
  success: "#047857",
  denied: "#b45309",
  invalid: "#ca8a04",
  failed: "#b91c1c",
  error: "#581c87",
};

/** The range from the address; a malformed one falls back to the last seven days. */
function rangeOf(params: Params): { from: string; to: string } {
  const today = jstDate(new Date());
  const parsed = reportInput.safeParse({ from: one(params.from) ?? "", to: one(params.to) ?? "" });
  return parsed.success ? parsed.data : { from: addDays(today, -6), to: today };
}

function DataTableOf({ table, t }: { table: ReportTable; t: Translate }) {
  // A table wider than its half of the page scrolls: the keyboard must reach it too, so the
  // scrolling box takes focus, named apart from the section around it ("… の表").
  return (
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={t("auditReports.tableRegion", { title: table.title })}>
      <table className="w-full border-collapse bg-white text-sm" data-testid={`report-table-${table.id}`}>
        <caption className="p-2 text-left font-semibold">{table.title}</caption>
        <thead>
          <tr className="border-b text-left">
            {table.header.map((h, i) => (
              <th key={h} scope="col" className={`p-2 ${i > 0 && typeof table.rows[0]?.[i] === "number" ? "text-right" : ""}`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.length === 0 ? (
            <tr>
              <td colSpan={table.header.length} className="p-2 text-slate-600">
                {t("table.empty")}
              </td>
            </tr>
          ) : (
            table.rows.map((row, r) => (
              <tr key={r} className="border-b">
                {row.map((cell, c) =>
                  c === 0 ? (
                    <th key={c} scope="row" className="p-2 text-left font-normal whitespace-normal">
                      {cell}
                    </th>
                  ) : (
                    <td key={c} className={`p-2 ${typeof cell === "number" ? "text-right tabular-nums" : ""}`}>
                      {typeof cell === "number" ? cell.toLocaleString("ja-JP") : cell}
                    </td>
                  ),
                )}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Reports over a JST date range: charts with their tables and CSVs, and the anomalies found. */
export default async function ReportsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const range = rangeOf(await searchParams);
  const result = await pageQuery(auditReportQuery, range);
  const { t } = await getT();
  if (!result.ok) return <FormMessage kind="error">{result.message}</FormMessage>;
  const report = result.data;
  const series: ChartSeries[] = auditOutcomes.map((o) => ({ key: o, name: t(`audit.outcomes.${o}`), color: outcomeColors[o] }));
  const csvHref = (id: ReportTableId) => `/audit/reports/csv?${new URLSearchParams({ table: id, from: report.from, to: report.to })}`;
  const actionLabel = (name: string) => {
    const key = `actions.${name}` as MessageKey;
    return t(key) === key ? name : t(key);
  };
  // Each chart's rows carry a readable `label` for its category axis.
  const charted: Array<{ id: ReportTableId; rows: Array<Record<string, string | number>>; horizontal: boolean }> = [
    { id: "perDay", rows: report.perDay.map((r) => ({ ...r, label: formatJstDate(r.day) })), horizontal: false },
    { id: "perStaff", rows: report.perStaff.map((r) => ({ ...r, role: r.role ?? "", label: r.staffName })), horizontal: true },
    { id: "perAction", rows: report.perAction.map((r) => ({ ...r, label: actionLabel(r.action) })), horizontal: true },
  ];
  const anomalies = reportTable(report, "anomalies", t);
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-bold">{t("auditReports.title")}</h1>
      <form method="get" className="card flex flex-wrap items-end gap-3" aria-labelledby="report-range-title">
        <h2 id="report-range-title" className="sr-only">
          {t("auditReports.range.legend")}
        </h2>
        <div className="space-y-1">
          <label htmlFor="report-from" className="block text-sm font-medium">
            {t("auditReports.range.from")}
          </label>
          <input id="report-from" type="date" name="from" defaultValue={report.from} className="input" required />
        </div>
        <div className="space-y-1">
          <label htmlFor="report-to" className="block text-sm font-medium">
            {t("auditReports.range.to")}
          </label>
          <input id="report-to" type="date" name="to" defaultValue={report.to} className="input" required />
        </div>
        <button type="submit" className="btn-primary">
          {t("auditReports.range.show")}
        </button>
      </form>
      <p className="text-sm font-medium" data-testid="report-total">
        {t("auditReports.total", { from: formatJstDate(report.from), to: formatJstDate(report.to), total: report.total.toLocaleString("ja-JP") })}
      </p>

      <section aria-labelledby="report-anomalies" className="space-y-2">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="report-anomalies" className="text-lg font-semibold">
            {anomalies.title}
          </h2>
          <a className="text-sm underline" href={csvHref("anomalies")} download>
            {t("auditReports.csv")}（{anomalies.title}）
          </a>
        </div>
        {anomalies.rows.length === 0 ? <p className="text-sm">{t("auditReports.anomalies.none")}</p> : <DataTableOf table={anomalies} t={t} />}
      </section>

      {charted.map(({ id, rows, horizontal }) => {
        const table = reportTable(report, id, t);
        return (
          <section key={id} aria-labelledby={`report-${id}`} className="space-y-2">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id={`report-${id}`} className="text-lg font-semibold">
                {table.title}
              </h2>
              <a className="text-sm underline" href={csvHref(id)} download>
                {t("auditReports.csv")}（{table.title}）
              </a>
            </div>
            <div className="grid gap-4 lg:grid-cols-2">
              <StackedBarChart data={rows} categoryKey="label" series={series} horizontal={horizontal} label={t("auditReports.chartLabel", { title: table.title })} />
              <DataTableOf table={table} t={t} />
            </div>
          </section>
        );
      })}
    </div>
  );
}
