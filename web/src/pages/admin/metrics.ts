import { ApiError, apiGet } from "../../lib/api";
import { byId, h, replaceChildren } from "../../lib/dom";
import { markReady } from "../../lib/forms";
import { t } from "../../lib/i18n";
import { chartBox, shortMonth, trendTable, withCharts } from "../../lib/ranking-tables";
import { Catalog, fillSelect, rankingPath, RankingView } from "../../lib/rankings";
import { Me } from "../../lib/session";
import { load, startShell } from "../../lib/shell";
import { dragsCard, lineCard, UnitMetrics } from "../../lib/unit-metrics";

// 本单位考评: a unit's own line in the ranking, its months and the requests that pulled it down. Staff
// see their own unit (the server decides which); a district admin picks a level and a unit. The
// choice lives in the address (?level=&unitId=&period=&periodId=).
const container = byId("metrics");
const form = byId<HTMLFormElement>("metrics-form");
const levelSelect = byId<HTMLSelectElement>("metrics-level");
const unitSelect = byId<HTMLSelectElement>("metrics-unit");
const periodSelect = byId<HTMLSelectElement>("metrics-period");
const idSelect = byId<HTMLSelectElement>("metrics-id");
const chartsNote = byId("charts-note");
let catalog: Catalog = { levels: [] };
let admin = false;

/** The ranking level of a staff member's own unit, from the scope of their account. */
const levelOfScope: Record<string, string> = { town: "town", community: "community", department: "department", social_unit: "social" };

const periodsOf = (level: string) => catalog.levels.find((l) => l.level === level)?.periods ?? [];

function fillIds(selected: string | null): void {
  const ids = periodsOf(levelSelect.value).find((p) => p.period === periodSelect.value)?.ids ?? [];
  fillSelect(idSelect, [{ value: "", label: t("metrics.latest") }, ...ids.map((i) => ({ value: i.id, label: i.label }))], selected ?? "");
}

function fillPeriods(period: string | null, id: string | null): void {
  fillSelect(periodSelect, periodsOf(levelSelect.value).map((p) => ({ value: p.period, label: p.label })), period ?? "month");
  fillIds(id);
}

/** A district admin's unit list: the units of the level's newest ranking (every registered unit is in it). */
async function fillUnits(selected: string | null): Promise<void> {
  const newest = periodsOf(levelSelect.value).find((p) => p.ids.length > 0);
  const lines = newest ? (await apiGet<RankingView>(rankingPath(levelSelect.value, newest.period, newest.ids[0].id))).lines : [];
  const units = [...lines].sort((a, b) => a.unitName.localeCompare(b.unitName, "zh-CN"));
  fillSelect(unitSelect, units.map((l) => ({ value: l.unitId, label: l.parentName ? `${l.unitName}（${l.parentName}）` : l.unitName })), selected);
}

function query(): string {
  const params = new URLSearchParams();
  if (periodSelect.value) params.set("period", periodSelect.value);
  if (idSelect.value) params.set("periodId", idSelect.value);
  if (admin) {
    params.set("level", levelSelect.value);
    params.set("unitId", unitSelect.value);
  }
  return params.toString();
}

async function show(): Promise<void> {
  if (admin && !unitSelect.value) {
    replaceChildren(container, h("p", { class: "card empty-state" }, t(levelSelect.value ? "metrics.noUnits" : "metrics.pickUnit")));
    return;
  }
  container.setAttribute("aria-busy", "true");
  let view: UnitMetrics;
  try {
    view = await apiGet<UnitMetrics>(`/api/staff/metrics?${query()}`);
  } catch (error) {
    // Not computed yet, or the unit is not in this ranking: say what the server said, as information.
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    container.removeAttribute("aria-busy");
    replaceChildren(container, h("p", { class: "card empty-state", attrs: { role: "status" } }, error.title));
    return;
  }
  container.removeAttribute("aria-busy");
  const { ranking, line, trend } = view;
  const publicLink = `/rankings?${new URLSearchParams({ level: ranking.level, period: ranking.period, id: ranking.periodId, unit: line.unitId }).toString()}#trend`;
  const box = trend.months.length > 0 ? chartBox("trend") : null;
  replaceChildren(
    container,
    lineCard(view, publicLink),
    h(
      "section",
      { class: "card", attrs: { "aria-labelledby": "trend-title" } },
      h("h2", { id: "trend-title" }, t("rankings.trendOf", { unit: trend.unitName })),
      box ? h("p", { class: "muted" }, t("rankings.trendNote")) : h("p", { class: "empty-state" }, t("rankings.trendEmpty")),
      box,
      box ? trendTable(trend) : null,
    ),
    dragsCard(view),
  );
  if (box) void withCharts(chartsNote, (charts) => charts.trendLines(box, ranking.level, trend.months, (p) => shortMonth(p.periodId)));
}

async function start(me: Me): Promise<void> {
  admin = me.role === "district_admin";
  catalog = await apiGet<Catalog>("/api/rankings");
  const params = new URLSearchParams(location.search);
  if (admin) {
    replaceChildren(byId("metrics-heading"), t("metrics.adminTitle"));
    replaceChildren(byId("metrics-intro"), t("metrics.adminIntro"));
    byId("metrics-level-field").hidden = false;
    byId("metrics-unit-field").hidden = false;
    const levels = catalog.levels.filter((l) => l.periods.length > 0);
    fillSelect(levelSelect, levels.map((l) => ({ value: l.level, label: l.label })), params.get("level"));
    await fillUnits(params.get("unitId"));
  } else {
    // Hidden, but it says which level's periods to offer.
    const own = levelOfScope[me.scope.kind] ?? "";
    fillSelect(levelSelect, [{ value: own, label: own }], own);
  }
  fillPeriods(params.get("period"), params.get("periodId"));

  levelSelect.addEventListener("change", () => {
    fillPeriods(periodSelect.value, null);
    void load(container, () => fillUnits(null));
  });
  periodSelect.addEventListener("change", () => fillIds(null));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    history.replaceState(null, "", `/admin/metrics?${query()}`);
    void load(container, show);
  });
  markReady();
  await show();
}

void load(container, async () => {
  const me = await startShell("metrics");
  if (me) await start(me);
});
