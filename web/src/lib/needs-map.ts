// The 民生需求图 data (GET /api/needs-map) and the sums that both the charts and the tables show, so
// the two always carry the same numbers.

export interface NeedsMap {
  from: string;
  to: string;
  months: string[];
  themes: { id: string; name: string }[];
  communities: { id: string; name: string; townName: string }[];
  cells: { month: string; communityId: string; theme: string; count: number }[];
  topClusters: Cluster[];
}

export interface Cluster {
  id: string;
  label: string[];
  size: number;
  likes: number;
  heat: number;
  firstSeen: string;
  lastSeen: string;
  months: { month: string; count: number }[];
}

export interface Row {
  key: string;
  label: string;
  sublabel?: string;
  counts: number[];
  total: number;
}

/** Rows of counts per theme (columns in `themeNames` order). */
export interface Matrix {
  themeNames: string[];
  rows: Row[];
  totals: number[];
  grandTotal: number;
}

function matrix(themeNames: string[], rows: Row[]): Matrix {
  const totals = themeNames.map((_, i) => rows.reduce((sum, row) => sum + row.counts[i], 0));
  return { themeNames, rows, totals, grandTotal: totals.reduce((a, b) => a + b, 0) };
}

function countsBy(map: NeedsMap, keyOf: (cell: NeedsMap["cells"][number]) => string): Map<string, number[]> {
  const themeIndex = new Map(map.themes.map((theme, i) => [theme.name, i]));
  const result = new Map<string, number[]>();
  for (const cell of map.cells) {
    const index = themeIndex.get(cell.theme);
    if (index === undefined) continue;
    const key = keyOf(cell);
    const counts = result.get(key) ?? map.themes.map(() => 0);
    counts[index] += cell.count;
    result.set(key, counts);
  }
  return result;
}

/** Communities with at least one request, busiest first. */
export function byCommunity(map: NeedsMap): Matrix {
  const counts = countsBy(map, (cell) => cell.communityId);
  const rows = map.communities
    .map((community) => {
      const row = counts.get(community.id) ?? map.themes.map(() => 0);
      return { key: community.id, label: community.name, sublabel: community.townName, counts: row, total: row.reduce((a, b) => a + b, 0) };
    })
    .filter((row) => row.total > 0)
    .sort((a, b) => b.total - a.total || a.label.localeCompare(b.label, "zh-CN"));
  return matrix(map.themes.map((theme) => theme.name), rows);
}

/** Every month of the period, oldest first, empty months included so the trend is honest. */
export function byMonth(map: NeedsMap): Matrix {
  const counts = countsBy(map, (cell) => cell.month);
  const rows = map.months.map((month) => {
    const row = counts.get(month) ?? map.themes.map(() => 0);
    return { key: month, label: month, counts: row, total: row.reduce((a, b) => a + b, 0) };
  });
  return matrix(map.themes.map((theme) => theme.name), rows);
}

export type Trend = "rising" | "falling" | "steady" | "new";

/** A cluster's count per month of the period (0 where it had none). */
export function clusterSeries(map: NeedsMap, cluster: Cluster): number[] {
  const counts = new Map(cluster.months.map((m) => [m.month, m.count]));
  return map.months.map((month) => counts.get(month) ?? 0);
}

/** The last three months against the three before them. */
export function trendOf(series: number[]): { trend: Trend; recent: number; before: number } {
  const recent = series.slice(-3).reduce((a, b) => a + b, 0);
  const before = series.slice(-6, -3).reduce((a, b) => a + b, 0);
  const trend: Trend = before === 0 ? (recent > 0 ? "new" : "steady") : recent > before * 1.2 ? "rising" : recent < before * 0.8 ? "falling" : "steady";
  return { trend, recent, before };
}

/** A text sparkline of the monthly counts (shown to sighted readers; the trend word is what is read out). */
export function sparkline(series: number[]): string {
  const bars = "▁▂▃▄▅▆▇█";
  const max = Math.max(...series, 0);
  return series.map((n) => (max === 0 ? bars[0] : bars[Math.min(bars.length - 1, Math.round((n / max) * (bars.length - 1)))])).join("");
}

export function clusterName(cluster: Cluster, phrases = 3): string {
  return cluster.label.slice(0, phrases).join("、");
}
