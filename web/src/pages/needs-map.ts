import { apiGet } from "../lib/api";
import { byId, h, replaceChildren } from "../lib/dom";
import { formatDate, formatMonth } from "../lib/format";
import { t } from "../lib/i18n";
import { byCommunity, byMonth, Cluster, clusterName, clusterSeries, Matrix, NeedsMap, sparkline, trendOf } from "../lib/needs-map";
import { load } from "../lib/shell";

const container = byId("needs-map");

/** A wide table scrolls sideways inside its own box (focusable, so keyboards can scroll it), never the page. */
function scrollingTable(kind: "numbers" | "clusters", captionText: string, id: string, head: string[], body: HTMLTableRowElement[], foot?: HTMLTableRowElement): HTMLElement {
  return h(
    "div",
    { class: "table-wrap", attrs: { tabindex: "0", role: "region", "aria-labelledby": `${id}-caption` } },
    h(
      "table",
      { class: `data ${kind}`, id },
      h("caption", { id: `${id}-caption` }, captionText),
      h("thead", {}, h("tr", {}, ...head.map((text) => h("th", { attrs: { scope: "col" } }, text)))),
      h("tbody", {}, ...body),
      foot ? h("tfoot", {}, foot) : null,
    ),
  );
}

function matrixTable(data: Matrix, id: string, caption: string, firstColumn: string, labelOf: (row: Matrix["rows"][number]) => (Node | string)[]): HTMLElement {
  const body = data.rows.map((row) =>
    h("tr", {}, h("th", { attrs: { scope: "row" } }, ...labelOf(row)), ...row.counts.map((n) => h("td", {}, n)), h("td", { class: "total" }, row.total)),
  );
  const foot = h("tr", {}, h("th", { attrs: { scope: "row" } }, t("needsMap.total")), ...data.totals.map((n) => h("td", {}, n)), h("td", { class: "total" }, data.grandTotal));
  return scrollingTable("numbers", caption, id, [firstColumn, ...data.themeNames, t("needsMap.total")], body, foot);
}

function chartBox(label: string): HTMLElement {
  // The picture only; the table below it is the accessible version with the same numbers.
  return h("div", { class: "chart", attrs: { "aria-hidden": "true", "data-chart": label } });
}

function section(id: string, title: string, note: string, ...content: (Node | null)[]): HTMLElement {
  return h("section", { class: "card", attrs: { "aria-labelledby": id } }, h("h2", { id }, title), h("p", { class: "muted" }, note), ...content);
}

function clusterRows(map: NeedsMap, clusters: Cluster[]): HTMLTableRowElement[] {
  return clusters.map((cluster) => {
    const series = clusterSeries(map, cluster);
    const { trend, recent, before } = trendOf(series);
    return h(
      "tr",
      {},
      h("th", { attrs: { scope: "row" } }, h("ul", { class: "phrases" }, ...cluster.label.map((phrase) => h("li", {}, phrase)))),
      h("td", {}, cluster.size),
      h("td", {}, cluster.likes),
      h(
        "td",
        { class: "trend" },
        h("span", { class: "sparkline", attrs: { "aria-hidden": "true" } }, sparkline(series)),
        h("span", { class: `trend-word trend-${trend}` }, t(`needsMap.trend.${trend}`)),
        h("span", { class: "muted" }, t("needsMap.trendNumbers", { recent, before })),
      ),
      h("td", {}, formatDate(cluster.firstSeen)),
      h("td", {}, formatDate(cluster.lastSeen)),
    );
  });
}

void load(container, async () => {
  const map = await apiGet<NeedsMap>("/api/needs-map?months=12");
  replaceChildren(byId("period"), t("needsMap.period", { from: formatMonth(map.from), to: formatMonth(map.to) }));
  const communities = byCommunity(map);
  const months = byMonth(map);
  container.removeAttribute("aria-busy");
  if (communities.grandTotal === 0) {
    replaceChildren(container, h("div", { class: "card empty-state" }, t("needsMap.empty")));
    return;
  }

  const communityChart = chartBox("communities");
  const monthChart = chartBox("months");
  const clusters = map.topClusters;
  const clusterChart = clusters.length > 0 ? chartBox("clusters") : null;
  const shortMonth = (month: string) => formatMonth(month).replace(/^\d{4}年/, "");

  replaceChildren(
    container,
    section(
      "by-community",
      t("needsMap.byCommunity"),
      t("needsMap.byCommunityNote"),
      communityChart,
      matrixTable(communities, "community-table", t("needsMap.byCommunityCaption"), t("needsMap.community"), (row) => [row.label, h("span", { class: "sub" }, row.sublabel)]),
    ),
    section(
      "by-month",
      t("needsMap.byMonth"),
      t("needsMap.byMonthNote"),
      monthChart,
      matrixTable(months, "month-table", t("needsMap.byMonthCaption"), t("needsMap.month"), (row) => [formatMonth(row.label)]),
    ),
    section(
      "clusters",
      t("needsMap.clusters"),
      t("needsMap.clustersNote"),
      clusterChart,
      clusters.length > 0
        ? scrollingTable(
            "clusters",
            t("needsMap.clustersCaption"),
            "cluster-table",
            [t("needsMap.keyPhrases"), t("needsMap.size"), t("needsMap.likes"), t("needsMap.trendTitle"), t("needsMap.firstSeen"), t("needsMap.lastSeen")],
            clusterRows(map, clusters),
          )
        : h("p", { class: "empty-state" }, t("needsMap.noClusters")),
    ),
  );

  // The tables are already on the page; the charts follow once their library has arrived.
  try {
    const charts = await import("../lib/needs-charts");
    charts.stackedRows(communityChart, communities);
    charts.stackedColumns(monthChart, months, shortMonth);
    if (clusterChart) charts.clusterBars(clusterChart, clusters.map((c) => ({ name: clusterName(c, 2), size: c.size })));
  } catch {
    // Without charts the tables still tell everything; say so rather than leave empty boxes.
    document.querySelectorAll<HTMLElement>(".chart").forEach((box) => (box.hidden = true));
    container.prepend(h("p", { class: "alert alert-info" }, t("needsMap.chartsFailed")));
  }
});
