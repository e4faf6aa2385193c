// ECharts, loaded only by the needs map (a dynamic import, so it is a chunk of its own and no other
// page pays for it). Only the pieces used here are registered, which keeps the chunk small. Charts
// are pictures for sighted readers: their containers are aria-hidden and the tables next to them carry
// the same numbers for everyone else.
import { install as BarChart } from "echarts/lib/chart/bar/install.js"; // not the barrel: see echarts-charts.d.ts
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { EChartsType, init, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { t } from "./i18n";
import { Matrix } from "./needs-map";

use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

// Okabe–Ito: six colours that stay apart for the common kinds of colour blindness.
const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999"];
const textColor = "#1f2933";
const quiet = typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;

const charts: EChartsType[] = [];
let resizeWired = false;

function start(container: HTMLElement, height: number): EChartsType {
  container.style.height = `${height}px`;
  const chart = init(container, undefined, { renderer: "canvas" });
  charts.push(chart);
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

// Tooltips are drawn on the canvas (richText), never as HTML: cluster phrases come from residents' text.
const tooltip = { trigger: "axis" as const, axisPointer: { type: "shadow" as const }, renderMode: "richText" as const, confine: true };
const legend = { top: 0, type: "scroll" as const, itemWidth: 14, itemHeight: 10, itemGap: 8, textStyle: { color: textColor } };

/** Stacked horizontal bars, one per row (communities): long lists grow downwards, which a phone scrolls well. */
export function stackedRows(container: HTMLElement, data: Matrix, labelOf: (label: string) => string = (l) => l): void {
  const rows = [...data.rows].reverse(); // ECharts draws the first category at the bottom
  const chart = start(container, Math.max(220, 70 + rows.length * 30));
  chart.setOption({
    animation: !quiet,
    color: palette,
    tooltip,
    legend,
    grid: { left: 8, right: 16, top: 40, bottom: 8 },
    xAxis: { type: "value", minInterval: 1, axisLabel: { color: textColor } },
    yAxis: { type: "category", data: rows.map((row) => labelOf(row.label)), axisLabel: { color: textColor, width: 96, overflow: "truncate" } },
    series: data.themeNames.map((name, i) => ({ name, type: "bar", stack: "total", data: rows.map((row) => row.counts[i]), barMaxWidth: 22 })),
  });
}

/** Stacked columns, one per month. */
export function stackedColumns(container: HTMLElement, data: Matrix, labelOf: (label: string) => string): void {
  const chart = start(container, 300);
  chart.setOption({
    animation: !quiet,
    color: palette,
    tooltip,
    legend,
    grid: { left: 8, right: 8, top: 40, bottom: 8 },
    xAxis: { type: "category", data: data.rows.map((row) => labelOf(row.label)), axisLabel: { color: textColor } },
    yAxis: { type: "value", minInterval: 1, axisLabel: { color: textColor } },
    series: data.themeNames.map((name, i) => ({ name, type: "bar", stack: "total", data: data.rows.map((row) => row.counts[i]) })),
  });
}

/** One bar per cluster, its size; the label is its key phrases. */
export function clusterBars(container: HTMLElement, clusters: { name: string; size: number }[]): void {
  const rows = [...clusters].reverse();
  const chart = start(container, Math.max(200, 40 + rows.length * 30));
  chart.setOption({
    animation: !quiet,
    color: [palette[0]],
    tooltip,
    grid: { left: 8, right: 32, top: 8, bottom: 8 },
    xAxis: { type: "value", minInterval: 1, axisLabel: { color: textColor } },
    yAxis: { type: "category", data: rows.map((c) => c.name), axisLabel: { color: textColor, width: 120, overflow: "truncate" } },
    series: [{ name: t("needsMap.requests"), type: "bar", data: rows.map((c) => c.size), barMaxWidth: 22, label: { show: true, position: "right", color: textColor } }],
  });
}
