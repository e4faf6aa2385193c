// ECharts for the rankings, loaded by a dynamic import so the pages work (tables first) before the
// chart library arrives; the ECharts core is a chunk shared with the needs map. Containers are
// aria-hidden: the ranking table and the trend table beside them carry the same numbers.
import { install as BarChart } from "echarts/lib/chart/bar/install.js";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { EChartsType, init, use } from "echarts/core";
import { install as LineChart } from "echarts/lib/chart/line/install.js";
import { CanvasRenderer } from "echarts/renderers";
import { percentOf, RankingLine, rateColumns, rateOf, TrendPoint } from "./rankings";

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

// Okabe–Ito blue, orange, green: apart for the common kinds of colour blindness.
const palette = ["#0072B2", "#E69F00", "#009E73"];
const textColor = "#1f2933";
const quiet = typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;
const charts = new Map<HTMLElement, EChartsType>();
let resizeWired = false;

function start(container: HTMLElement, height: number): EChartsType {
  container.style.height = `${height}px`;
  charts.get(container)?.dispose();
  const chart = init(container, undefined, { renderer: "canvas" });
  charts.set(container, chart);
  if (!resizeWired) {
    resizeWired = true;
    let pending: number | undefined;
    window.addEventListener("resize", () => {
      window.clearTimeout(pending);
      pending = window.setTimeout(() => charts.forEach((c) => c.resize()), 150);
    });
  }
  return chart;
}

const percent = (value: unknown) => (typeof value === "number" ? `${value.toFixed(1)}%` : "—");
// Unit names come from staff input: tooltips are drawn on the canvas (richText), never parsed as HTML.
const tooltip = { trigger: "axis" as const, renderMode: "richText" as const, confine: true, valueFormatter: percent };
const legend = { top: 0, itemWidth: 14, itemHeight: 10, itemGap: 8, textStyle: { color: textColor } };
const rounded = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/** Grouped horizontal bars: one group per ranked unit (first at the top), one bar per rate. */
export function rateBars(container: HTMLElement, level: string, lines: RankingLine[]): void {
  const rows = lines.filter((l) => l.rank !== null).reverse(); // ECharts draws the first category at the bottom
  const chart = start(container, Math.max(220, 60 + rows.length * 54));
  chart.setOption({
    animation: !quiet,
    color: palette,
    tooltip: { ...tooltip, axisPointer: { type: "shadow" as const } },
    legend,
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: "value", min: 0, max: 100, axisLabel: { color: textColor, formatter: "{value}%" } },
    yAxis: { type: "category", data: rows.map((l) => l.unitName), axisLabel: { color: textColor, width: 96, overflow: "truncate" } },
    series: rateColumns(level).map((column) => ({
      name: column.label,
      type: "bar",
      barMaxWidth: 14,
      data: rows.map((l) => rounded(percentOf(rateOf(l, column.key)))),
    })),
  });
}

/** One line per rate over the months; a month without a sample leaves a gap rather than a fake zero. */
export function trendLines(container: HTMLElement, level: string, months: TrendPoint[], monthLabel: (p: TrendPoint) => string): void {
  const chart = start(container, 280);
  chart.setOption({
    animation: !quiet,
    color: palette,
    tooltip,
    legend,
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: months.map(monthLabel), axisLabel: { color: textColor } },
    yAxis: {
      type: "value",
      max: 100,
      min: (extent: { min: number }) => Math.max(0, Math.floor(extent.min / 10) * 10),
      axisLabel: { color: textColor, formatter: "{value}%" },
    },
    series: rateColumns(level).map((column) => ({
      name: column.label,
      type: "line",
      symbolSize: 8,
      connectNulls: false,
      data: months.map((p) => rounded(percentOf(rateOf(p.line, column.key)))),
    })),
  });
}
