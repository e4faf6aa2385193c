// The rankings API's shapes (GET /api/rankings…) and how a rate, a score and a change in rank are
// written, so the public rankings, a unit's own page and the charts all say the same thing.
import { h } from "./dom";
import { t } from "./i18n";

export interface RateView {
  rate: number | null;
  numerator: number;
  n: number;
  lower: number;
  change: number | null;
}

export interface RankingLine {
  rank: number | null;
  previousRank: number | null;
  rankChange: number | null;
  unitId: string;
  unitName: string;
  parentId: string | null;
  parentName: string | null;
  score: number | null;
  adjustedScore: number;
  scoreChange: number | null;
  response: RateView | null;
  resolution: RateView | null;
  satisfaction: RateView;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
  onTime: RateView | null;
  helped: RateView | null;
  completion: RateView | null;
  averageScore: number | null;
  scores: number;
  recommendation: string | null;
  recommendationLabel: string | null;
}

export interface RankingView {
  level: string;
  levelLabel: string;
  period: string;
  periodLabel: string;
  periodId: string;
  label: string;
  from: string;
  to: string;
  partial: boolean;
  previousId: string;
  previousLabel: string;
  weights: { response: number; resolution: number; satisfaction: number };
  method: string;
  ranked: number;
  withoutData: number;
  lines: RankingLine[];
}

export interface PeriodIds {
  period: string;
  label: string;
  ids: { id: string; label: string; to: string }[];
}

export interface Catalog {
  levels: { level: string; label: string; periods: PeriodIds[] }[];
}

export interface TrendPoint {
  periodId: string;
  label: string;
  rank: number | null;
  of: number;
  line: RankingLine;
}

export interface TrendView {
  level: string;
  unitId: string;
  unitName: string;
  months: TrendPoint[];
}

export type RateKey = "response" | "resolution" | "satisfaction" | "onTime" | "helped";

/** Streets/towns, communities and departments answer for requests; social units and projects for their projects. */
export function isUnitLevel(level: string): boolean {
  return level === "town" || level === "community" || level === "department";
}

/** The three rates a level is ranked on, in weight order (response, resolution, satisfaction). */
export function rateColumns(level: string): { key: RateKey; label: string }[] {
  return isUnitLevel(level)
    ? [
        { key: "response", label: t("rankings.rates.response") },
        { key: "resolution", label: t("rankings.rates.resolution") },
        { key: "satisfaction", label: t("rankings.rates.satisfaction") },
      ]
    : [
        { key: "onTime", label: t("rankings.rates.onTime") },
        { key: "helped", label: t("rankings.rates.helped") },
        { key: "satisfaction", label: t("rankings.rates.scoresSatisfied") },
      ];
}

export function rateOf(line: RankingLine, key: RateKey): RateView | null {
  return line[key];
}

/** 19 of 20 → 95.0 (from the counts, not the rounded rate); null without a sample. */
export function percentOf(rate: RateView | null): number | null {
  return rate && rate.n > 0 ? (rate.numerator / rate.n) * 100 : null;
}

/** "95.0%（19/20）": every rate with the sample it stands on; "—（0/0）" without one. */
export function rateText(rate: RateView | null): string {
  const percent = percentOf(rate);
  return `${percent === null ? "—" : `${percent.toFixed(1)}%`}（${rate?.numerator ?? 0}/${rate?.n ?? 0}）`;
}

/** A 0–1 score as points out of 100 with one decimal: 0.915 → "91.5". */
export function scoreText(score: number | null): string {
  return score === null ? "—" : (score * 100).toFixed(1);
}

/** A weight or threshold share: 0.35 → "35%". */
export function shareText(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

/** "+5.0 个百分点", "−2.5 个百分点", "持平"; "—" when this period or the previous one has no sample. */
export function changeText(change: number | null, key: "metrics.points" | "metrics.scorePoints" = "metrics.points"): string {
  if (change === null) return "—";
  const value = Math.abs(change * 100).toFixed(1);
  if (value === "0.0") return t("metrics.flat");
  return t(key, { sign: change > 0 ? "+" : "−", value });
}

/**
 * The change in rank as an arrow for the eye ("↑2", "↓1", "—") and words for a screen reader
 * ("上升 2 名"); the arrow alone would be read as a symbol name or not at all.
 */
export function rankChangeCell(line: RankingLine): HTMLElement {
  const change = line.rankChange;
  if (line.rank === null) return h("span", {}, "—");
  const [shown, spoken, tone] =
    line.previousRank === null || change === null
      ? ["—", t("rankings.new"), "rank-same"]
      : change > 0
        ? [`↑${change}`, t("rankings.up", { n: change }), "rank-up"]
        : change < 0
          ? [`↓${-change}`, t("rankings.down", { n: -change }), "rank-down"]
          : ["—", t("rankings.same"), "rank-same"];
  return h("span", { class: `rank-change ${tone}` }, h("span", { attrs: { "aria-hidden": "true" } }, shown), h("span", { class: "visually-hidden" }, spoken));
}

/** "第 1 名" style rank for a table cell: the number, or 无数据 for a unit without data in the period. */
export function rankCell(line: RankingLine): HTMLElement {
  return line.rank === null ? h("span", { class: "badge badge-muted" }, t("rankings.noData")) : h("span", { class: "rank" }, line.rank);
}

/** Fills a select with options, keeping `selected` when it is among them (else the first). */
export function fillSelect(select: HTMLSelectElement, options: { value: string; label: string }[], selected: string | null): string {
  const chosen = options.some((o) => o.value === selected) ? selected! : (options[0]?.value ?? "");
  while (select.firstChild) select.removeChild(select.firstChild);
  for (const option of options) select.appendChild(h("option", { attrs: { value: option.value, selected: option.value === chosen } }, option.label));
  select.value = chosen;
  return chosen;
}

export function rankingPath(level: string, period: string, periodId: string): string {
  return `/api/rankings/${encodeURIComponent(level)}/${encodeURIComponent(period)}/${encodeURIComponent(periodId)}`;
}

/** The weights sentence under the method: "综合得分的权重：响应率 30%、解决率 35%、满意率 35%。" */
export function weightsText(view: RankingView): string {
  const [first, second, third] = rateColumns(view.level).map((c) => c.label);
  const w = view.weights;
  const total = w.response + w.resolution + w.satisfaction || 1;
  return t("rankings.weights", { first, second, third, a: shareText(w.response / total), b: shareText(w.resolution / total), c: shareText(w.satisfaction / total) });
}
