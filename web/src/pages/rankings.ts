import { ApiError, apiGet } from "../lib/api";
import { byId, h, replaceChildren } from "../lib/dom";
import { formatDate } from "../lib/format";
import { markReady } from "../lib/forms";
import { t } from "../lib/i18n";
import { chartBox, rankingTable, shortMonth, trendTable, withCharts } from "../lib/ranking-tables";
import { Catalog, fillSelect, RankingLine, rankingPath, RankingView, TrendView, weightsText } from "../lib/rankings";
import { load } from "../lib/shell";

// The public rankings: pick a level, a kind of period and a period; the ranking table (with every
// rate's sample), how the ranking is made, a chart of the rates, exports, and a unit's months. The
// choice lives in the address (?level=&period=&id=&unit=), so a ranking can be shared.
const form = byId<HTMLFormElement>("ranking-filter");
const levelSelect = byId<HTMLSelectElement>("ranking-level");
const periodSelect = byId<HTMLSelectElement>("ranking-period");
const idSelect = byId<HTMLSelectElement>("ranking-id");
const container = byId("ranking");
const trendSection = byId("trend");
const trendTitle = byId("trend-title");
const trendForm = byId<HTMLFormElement>("trend-form");
const trendUnit = byId<HTMLSelectElement>("trend-unit");
const trendBody = byId("trend-body");
const chartsNote = byId("charts-note");
let catalog: Catalog = { levels: [] };
let current: RankingView | null = null;

const periodsOf = (level: string) => catalog.levels.find((l) => l.level === level)?.periods ?? [];

function fillIds(level: string, period: string, selected: string | null): void {
  const ids = periodsOf(level).find((p) => p.period === period)?.ids ?? [];
  fillSelect(idSelect, ids.map((i) => ({ value: i.id, label: i.label })), selected);
}

function fillPeriods(level: string, period: string | null, id: string | null): void {
  const chosen = fillSelect(periodSelect, periodsOf(level).map((p) => ({ value: p.period, label: p.label })), period ?? "month");
  fillIds(level, chosen, id);
}

function address(unit: string | null): string {
  const params = new URLSearchParams({ level: levelSelect.value, period: periodSelect.value, id: idSelect.value });
  if (unit) params.set("unit", unit);
  return `/rankings?${params.toString()}`;
}

function unitLink(line: RankingLine): HTMLAnchorElement {
  return h(
    "a",
    {
      attrs: { href: `${address(line.unitId)}#trend` },
      on: {
        click: (event) => {
          event.preventDefault();
          void showTrend(line.unitId, true);
        },
      },
    },
    line.unitName,
  );
}

function exportLink(view: RankingView, format: "xlsx" | "csv"): HTMLAnchorElement {
  return h(
    "a",
    { class: "btn btn-secondary", attrs: { href: `${rankingPath(view.level, view.period, view.periodId)}/export?format=${format}`, download: true } },
    t(format === "xlsx" ? "rankings.exportXlsx" : "rankings.exportCsv"),
  );
}

function draw(view: RankingView): void {
  const bars = view.ranked > 0 ? chartBox("rates") : null;
  replaceChildren(
    container,
    h(
      "section",
      { class: "card", attrs: { "aria-labelledby": "ranking-title" } },
      h("h2", { id: "ranking-title" }, t("rankings.heading", { level: view.levelLabel, label: view.label })),
      h("p", { class: "muted" }, t("rankings.range", { from: formatDate(view.from), to: formatDate(view.to), previous: view.previousLabel })),
      h("p", { id: "ranking-counts" }, t("rankings.counts", { ranked: view.ranked, withoutData: view.withoutData })),
      h("p", { class: "actions" }, exportLink(view, "xlsx"), exportLink(view, "csv")),
      view.lines.length === 0 ? h("p", { class: "empty-state" }, t("rankings.empty")) : rankingTable(view, unitLink),
      view.lines.length === 0 ? null : h("p", { class: "field-hint" }, t("rankings.tableHint")),
    ),
    h(
      "section",
      { class: "card", attrs: { "aria-labelledby": "method-title" } },
      h("h2", { id: "method-title" }, t("rankings.methodTitle")),
      h("p", { id: "ranking-method" }, view.method),
      h("p", {}, weightsText(view)),
    ),
    bars
      ? h("section", { class: "card", attrs: { "aria-labelledby": "chart-title" } }, h("h2", { id: "chart-title" }, t("rankings.chartTitle")), h("p", { class: "muted" }, t("rankings.chartNote")), bars)
      : null,
  );
  if (bars) void withCharts(chartsNote, (charts) => charts.rateBars(bars, view.level, view.lines));
}

async function showRanking(unit: string | null): Promise<void> {
  container.setAttribute("aria-busy", "true");
  const view = await apiGet<RankingView>(rankingPath(levelSelect.value, periodSelect.value, idSelect.value));
  current = view;
  container.removeAttribute("aria-busy");
  draw(view);
  fillSelect(trendUnit, view.lines.map((l) => ({ value: l.unitId, label: l.unitName })), unit);
  trendSection.hidden = view.lines.length === 0;
  if (unit && view.lines.some((l) => l.unitId === unit)) {
    await showTrend(unit, false);
  } else {
    replaceChildren(trendTitle, t("rankings.trendTitle"));
    replaceChildren(trendBody, h("p", { class: "muted" }, t("rankings.trendPrompt")));
  }
}

async function showTrend(unitId: string, focus: boolean): Promise<void> {
  if (!current) return;
  const level = current.level;
  trendUnit.value = unitId;
  history.replaceState(null, "", address(unitId));
  let trend: TrendView;
  try {
    trend = await apiGet<TrendView>(`/api/rankings/${encodeURIComponent(level)}/units/${encodeURIComponent(unitId)}/trend?months=12`);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    replaceChildren(trendTitle, t("rankings.trendTitle"));
    replaceChildren(trendBody, h("p", { class: "empty-state" }, t("rankings.trendEmpty")));
    if (focus) trendTitle.focus();
    return;
  }
  const box = chartBox("trend");
  replaceChildren(trendTitle, t("rankings.trendOf", { unit: trend.unitName }));
  replaceChildren(trendBody, h("p", { class: "muted" }, t("rankings.trendNote")), box, trendTable(trend));
  if (focus) trendTitle.focus();
  void withCharts(chartsNote, (charts) => charts.trendLines(box, level, trend.months, (p) => shortMonth(p.periodId)));
}

function fromAddress(): string | null {
  const params = new URLSearchParams(location.search);
  const levels = catalog.levels.filter((l) => l.periods.length > 0);
  const level = fillSelect(levelSelect, levels.map((l) => ({ value: l.level, label: l.label })), params.get("level"));
  fillPeriods(level, params.get("period"), params.get("id"));
  return params.get("unit");
}

levelSelect.addEventListener("change", () => fillPeriods(levelSelect.value, periodSelect.value, null));
periodSelect.addEventListener("change", () => fillIds(levelSelect.value, periodSelect.value, null));
form.addEventListener("submit", (event) => {
  event.preventDefault();
  history.pushState(null, "", address(null));
  void load(container, () => showRanking(null));
});
trendForm.addEventListener("submit", (event) => {
  event.preventDefault();
  if (trendUnit.value) void load(trendBody, () => showTrend(trendUnit.value, true));
});
window.addEventListener("popstate", () => void load(container, () => showRanking(fromAddress())));

void load(container, async () => {
  catalog = await apiGet<Catalog>("/api/rankings");
  if (!catalog.levels.some((l) => l.periods.length > 0)) {
    container.removeAttribute("aria-busy");
    byId("ranking-filter-title").closest("section")!.hidden = true;
    replaceChildren(container, h("p", { class: "card empty-state" }, t("rankings.notComputed")));
    return;
  }
  const unit = fromAddress();
  markReady();
  await showRanking(unit);
});
