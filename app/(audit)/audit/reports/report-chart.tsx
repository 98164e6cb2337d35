"use client";

import { useSyncExternalStore } from "react";
// recharts 3.10.1, pinned: maintained, React 19 support, SVG output that stays readable without
// JavaScript-only canvas, and per-series stacking the per-outcome charts need. It is drawn in the
// browser only: its server HTML would carry inline style attributes, which the CSP's style-src
// refuses; styles React sets in the browser go through the DOM and are allowed.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ChartSeries {
  key: string;
  name: string;
  color: string;
}

const subscribe = () => () => {};

/** True once in the browser (false while rendering on the server and hydrating). */
function useInBrowser(): boolean {
  return useSyncExternalStore(subscribe, () => true, () => false);
}

const TICK_FONT_SIZE = 12;
const MAX_CATEGORY_AXIS_WIDTH = 280;

/**
 * The category axis's width in a horizontal chart: what its longest label needs in the tick font,
 * so 「トークン利用開始（アプリ）」 is never cut at the chart's edge. Measured with a canvas in the
 * page's own font; capped so the bars keep most of a chart half the page wide.
 */
function categoryAxisWidth(labels: string[]): number {
  const context = document.createElement("canvas").getContext("2d");
  const fallback = Math.max(0, ...labels.map((l) => l.length)) * TICK_FONT_SIZE;
  let longest = fallback;
  if (context) {
    context.font = `${TICK_FONT_SIZE}px ${getComputedStyle(document.body).fontFamily}`;
    longest = Math.max(0, ...labels.map((l) => context.measureText(l).width));
  }
  // 8 px between the label and the axis line (recharts' tick size + margin), 4 px to spare.
  return Math.ceil(Math.min(longest + 12, MAX_CATEGORY_AXIS_WIDTH));
}

/**
 * Stacked bars per category (days across, or staff / actions down). The chart is a picture of
 * the table beside it: role="img" with a label that says so; the numbers are read from the table.
 */
export function StackedBarChart({ data, categoryKey, series, horizontal = false, label }: { data: Array<Record<string, string | number>>; categoryKey: string; series: ChartSeries[]; horizontal?: boolean; label: string }) {
  const inBrowser = useInBrowser();
  const height = horizontal ? Math.max(200, data.length * 28 + 80) : 300;
  // Only the category and the series reach recharts: it copies each row's fields onto its bars'
  // SVG elements, where a field named like an attribute (a staff row's `role: "operator"`)
  // becomes an invalid ARIA role.
  const rows = data.map((row) => Object.fromEntries([categoryKey, ...series.map((s) => s.key)].map((key) => [key, row[key] ?? 0])));
  return (
    <figure role="img" aria-label={label} className="min-h-[200px] w-full" data-testid="report-chart">
      {inBrowser && (
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={rows} layout={horizontal ? "vertical" : "horizontal"} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            {horizontal ? (
              <>
                <XAxis type="number" allowDecimals={false} />
                <YAxis type="category" dataKey={categoryKey} width={categoryAxisWidth(rows.map((r) => String(r[categoryKey])))} tick={{ fontSize: TICK_FONT_SIZE }} />
              </>
            ) : (
              <>
                <XAxis dataKey={categoryKey} tick={{ fontSize: TICK_FONT_SIZE }} />
                <YAxis allowDecimals={false} />
              </>
            )}
            <Tooltip />
            <Legend />
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.name} stackId="outcomes" fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
