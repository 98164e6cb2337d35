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

/**
 * Stacked bars per category (days across, or staff / actions down). The chart is a picture of
 * the table beside it: role="img" with a label that says so; the numbers are read from the table.
 */
export function StackedBarChart({ data, categoryKey, series, horizontal = false, label }: { data: Array<Record<string, string | number>>; categoryKey: string; series: ChartSeries[]; horizontal?: boolean; label: string }) {
  const inBrowser = useInBrowser();
  const height = horizontal ? Math.max(200, data.length * 28 + 80) : 300;
  return (
    <figure role="img" aria-label={label} className="min-h-[200px] w-full" data-testid="report-chart">
      {inBrowser && (
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={data} layout={horizontal ? "vertical" : "horizontal"} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            {horizontal ? (
              <>
                <XAxis type="number" allowDecimals={false} />
                <YAxis type="category" dataKey={categoryKey} width={140} tick={{ fontSize: 12 }} />
              </>
            ) : (
              <>
                <XAxis dataKey={categoryKey} tick={{ fontSize: 12 }} />
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
