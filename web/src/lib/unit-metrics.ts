// One unit's detail (GET /api/staff/metrics): its line with every rate's sample and change since the
// previous period, and the rated requests that pulled its resolution or satisfaction rate down.
import { h } from "./dom";
import { formatDateTime } from "./format";
import { t } from "./i18n";
import { scrollingTable } from "./ranking-tables";
import { changeText, isUnitLevel, rankChangeCell, RankingLine, RankingView, rateColumns, rateOf, rateText, scoreText, TrendView } from "./rankings";

export interface Drag {
  code: string;
  displayCode: string;
  title: string;
  ratedAt: string;
  resolved: boolean;
  satisfaction: string;
  satisfactionLabel: string;
  comment: string | null;
  unitName: string;
}

export interface UnitMetrics {
  ranking: RankingView;
  line: RankingLine;
  drags: Drag[];
  trend: TrendView;
}

function fact(term: string, ...detail: (Node | string | null)[]): Node[] {
  return [h("dt", {}, term), h("dd", {}, ...detail)];
}

/** The unit's place, score and rates this period, each rate beside its sample and its change. */
export function lineCard(view: UnitMetrics, publicLink: string): HTMLElement {
  const { ranking, line } = view;
  const level = ranking.level;
  const rows = rateColumns(level).map((column) => {
    const rate = rateOf(line, column.key);
    return h("tr", {}, h("th", { attrs: { scope: "row" } }, column.label), h("td", { class: "num" }, rateText(rate)), h("td", { class: "num" }, changeText(rate?.change ?? null)));
  });
  if (!isUnitLevel(level)) {
    rows.push(h("tr", {}, h("th", { attrs: { scope: "row" } }, t("rankings.completion")), h("td", { class: "num" }, rateText(line.completion)), h("td", { class: "num" }, changeText(line.completion?.change ?? null))));
  }
  const breakdown = isUnitLevel(level)
    ? t("metrics.breakdown", { satisfied: line.satisfied, basic: line.basicallySatisfied, unsatisfied: line.unsatisfied })
    : `${t("rankings.averageScore")} ${line.averageScore === null ? "—" : line.averageScore.toFixed(2)}`;
  return h(
    "section",
    { class: "card", attrs: { "aria-labelledby": "line-title" } },
    h("h2", { id: "line-title" }, t("metrics.lineTitle", { unit: line.unitName, label: ranking.label })),
    h(
      "dl",
      { class: "facts unit-facts", id: "unit-facts" },
      ...fact(t("metrics.rank"), ...(line.rank === null ? [t("metrics.noRank")] : [t("metrics.rankText", { rank: line.rank, of: ranking.ranked }), " ", rankChangeCell(line)])),
      ...fact(t("metrics.previous", { label: ranking.previousLabel }), line.previousRank === null ? t("metrics.previousNone") : t("metrics.previousRank", { rank: line.previousRank })),
      ...fact(
        t("metrics.score"),
        scoreText(line.score),
        line.scoreChange === null ? null : h("span", { class: "rate-change" }, t("metrics.vsPrevious", { change: changeText(line.scoreChange, "metrics.scorePoints") })),
      ),
    ),
    scrollingTable("rates-table", t("metrics.ratesCaption", { unit: line.unitName }), [t("metrics.rate"), t("metrics.sample"), t("rankings.change")], rows, 1),
    h("p", { id: "unit-breakdown" }, breakdown),
    h("p", {}, h("a", { attrs: { href: publicLink } }, t("metrics.allRankings"))),
  );
}

function cell(labelKey: string, ...content: (Node | string | null)[]): HTMLTableCellElement {
  return h("td", { attrs: { "data-label": t(labelKey) } }, ...content);
}

/** The requests rated unresolved or unsatisfied in the period, each linking to its page. */
export function dragsCard(view: UnitMetrics): HTMLElement {
  const unitLevel = isUnitLevel(view.ranking.level);
  const header = ["metrics.code", "metrics.requestTitle", "metrics.unitName", "metrics.ratedAt", "metrics.resolved", "metrics.satisfaction", "metrics.comment"];
  const rows = view.drags.map((d) => {
    const href = `/admin/request?code=${encodeURIComponent(d.code)}`;
    return h(
      "tr",
      {},
      cell("metrics.code", h("a", { class: "code", attrs: { href } }, d.displayCode)),
      cell("metrics.requestTitle", h("a", { attrs: { href } }, d.title)),
      cell("metrics.unitName", d.unitName),
      cell("metrics.ratedAt", h("time", { attrs: { datetime: d.ratedAt } }, formatDateTime(d.ratedAt))),
      cell("metrics.resolved", h("span", { class: `badge ${d.resolved ? "badge-success" : "badge-danger"}` }, t(d.resolved ? "metrics.yes" : "metrics.no"))),
      cell("metrics.satisfaction", h("span", { class: `badge ${d.satisfaction === "unsatisfied" ? "badge-danger" : "badge-muted"}` }, d.satisfactionLabel)),
      cell("metrics.comment", d.comment ?? "–"),
    );
  });
  return h(
    "section",
    { class: "card", attrs: { "aria-labelledby": "drags-title" } },
    h("h2", { id: "drags-title" }, t("metrics.dragsTitle")),
    h("p", { class: "muted" }, t("metrics.dragsNote")),
    !unitLevel
      ? h("p", { class: "empty-state" }, t("metrics.dragsNone"))
      : rows.length === 0
        ? h("p", { class: "empty-state" }, t("metrics.dragsEmpty"))
        : h(
            "div",
            { class: "table-wrap" },
            h(
              "table",
              { class: "data stack-on-phone", id: "drags-table" },
              h("thead", {}, h("tr", {}, ...header.map((key) => h("th", { attrs: { scope: "col" } }, t(key))))),
              h("tbody", {}, ...rows),
            ),
          ),
  );
}
