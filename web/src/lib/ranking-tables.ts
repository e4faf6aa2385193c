// The tables of the rankings pages — the ranking itself and a unit's months — and the chart boxes
// beside them. The tables are the accessible version of the charts: every number drawn is in a table.
import { formatMonth } from "./format";
import { h } from "./dom";
import { t } from "./i18n";
import { isUnitLevel, rankCell, rankChangeCell, RankingLine, RankingView, rateColumns, rateOf, rateText, scoreText, TrendView } from "./rankings";

type ChartsModule = typeof import("./ranking-charts");

/** A wide table scrolls sideways inside its own box (focusable, so a keyboard can scroll it), never the page. */
export function scrollingTable(id: string, caption: string, head: string[], rows: HTMLTableRowElement[], numericFrom = head.length): HTMLElement {
  return h(
    "div",
    { class: "table-wrap", attrs: { tabindex: "0", role: "region", "aria-labelledby": `${id}-caption` } },
    h(
      "table",
      { class: "data ranking", id },
      h("caption", { id: `${id}-caption` }, caption),
      h("thead", {}, h("tr", {}, ...head.map((text, i) => h("th", { class: i >= numericFrom ? "num" : undefined, attrs: { scope: "col" } }, text)))),
      h("tbody", {}, ...rows),
    ),
  );
}

/** The picture only; the table next to it is what assistive technology reads. */
export function chartBox(name: string): HTMLElement {
  return h("div", { class: "chart", attrs: { "aria-hidden": "true", "data-chart": name } });
}

function rateCells(level: string, line: RankingLine): HTMLTableCellElement[] {
  return rateColumns(level).map((column) => h("td", { class: "num" }, line.rank === null && (rateOf(line, column.key)?.n ?? 0) === 0 ? "—" : rateText(rateOf(line, column.key))));
}

/** Columns besides the three rates: average score and completion for social units and projects, the year-end advice for projects. */
function extraHead(level: string): string[] {
  if (isUnitLevel(level)) return [];
  return [t("rankings.averageScore"), t("rankings.completion"), ...(level === "project" ? [t("rankings.recommendation")] : [])];
}

function extraCells(level: string, line: RankingLine): HTMLTableCellElement[] {
  if (isUnitLevel(level)) return [];
  const completion = line.rank === null && (line.completion?.n ?? 0) === 0 ? "—" : rateText(line.completion);
  const cells = [h("td", { class: "num" }, line.averageScore === null ? "—" : line.averageScore.toFixed(2)), h("td", { class: "num" }, completion)];
  if (level === "project") cells.push(h("td", {}, line.recommendationLabel ?? "—"));
  return cells;
}

/**
 * The ranking: rank, change, unit (with its street/town), the three rates with their samples, the
 * composite and the confidence-adjusted score it is ranked by. Units without data come last, marked 无数据.
 */
export function rankingTable(view: RankingView, unitLink: (line: RankingLine) => HTMLAnchorElement): HTMLElement {
  const head = [t("rankings.rank"), t("rankings.change"), t("rankings.unit"), ...rateColumns(view.level).map((c) => c.label), ...extraHead(view.level), t("rankings.score"), t("rankings.adjusted")];
  const rows = view.lines.map((line) =>
    h(
      "tr",
      { class: line.rank === null ? "no-data" : undefined, attrs: { "data-unit": line.unitId } },
      h("td", {}, rankCell(line)),
      h("td", {}, rankChangeCell(line)),
      h("th", { attrs: { scope: "row" } }, unitLink(line), line.parentName ? h("span", { class: "sub" }, line.parentName) : null),
      ...rateCells(view.level, line),
      ...extraCells(view.level, line),
      h("td", { class: "num" }, scoreText(line.score)),
      h("td", { class: "num" }, line.rank === null ? "—" : scoreText(line.adjustedScore)),
    ),
  );
  const recommendation = view.level === "project" ? head.length - 3 : -1; // the one text column among the numbers
  const table = scrollingTable("ranking-table", t("rankings.heading", { level: view.levelLabel, label: view.label }), head, rows, 3);
  if (recommendation >= 0) table.querySelectorAll("thead th")[recommendation]?.classList.remove("num");
  return table;
}

/** A unit's months, oldest first: month, rank of how many, the three rates with samples, the composite. */
export function trendTable(trend: TrendView): HTMLElement {
  const head = [t("rankings.month"), t("rankings.rank"), ...rateColumns(trend.level).map((c) => c.label), t("rankings.score")];
  const rows = trend.months.map((point) =>
    h(
      "tr",
      {},
      h("th", { attrs: { scope: "row" } }, formatMonth(point.periodId)),
      h("td", { class: "num" }, point.rank === null ? h("span", { class: "badge badge-muted" }, t("rankings.noData")) : t("rankings.rankOf", { rank: point.rank, of: point.of })),
      ...rateColumns(trend.level).map((c) => h("td", { class: "num" }, rateText(rateOf(point.line, c.key)))),
      h("td", { class: "num" }, scoreText(point.line.score)),
    ),
  );
  return scrollingTable("trend-table", t("rankings.trendCaption", { unit: trend.unitName }), head, rows, 1);
}

/** "2026-10" → "10月" for a chart axis (the table spells the year out). */
export function shortMonth(periodId: string): string {
  return formatMonth(periodId).replace(/^\d{4}年/, "");
}

let chartsModule: Promise<ChartsModule> | undefined;

/**
 * Draws charts once their chunk has arrived. If it never does, the boxes are hidden and a note says
 * the tables hold every number, rather than leaving empty space.
 */
export async function withCharts(note: HTMLElement, draw: (charts: ChartsModule) => void): Promise<void> {
  try {
    chartsModule ??= import("./ranking-charts");
    draw(await chartsModule);
  } catch {
    chartsModule = undefined;
    document.querySelectorAll<HTMLElement>(".chart").forEach((box) => (box.hidden = true));
    note.textContent = t("rankings.chartsFailed");
    note.className = "alert alert-info";
    note.hidden = false;
  }
}
