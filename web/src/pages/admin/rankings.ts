import { apiGet, apiSend } from "../../lib/api";
import { byId, h, replaceChildren } from "../../lib/dom";
import { clearErrors, markReady, showErrors, showSuccess, submitting, value } from "../../lib/forms";
import { t } from "../../lib/i18n";
import { shareText } from "../../lib/rankings";
import { load, startShell } from "../../lib/shell";

// 排名计算 (district admin): run the nightly ranking job now or for a past range, and the year-end
// outcome of the micro-projects closed in a year, with the thresholds that decided it.
interface RankingRun {
  from: string;
  to: string;
  subjects: number;
  rankings: number;
  reads: number;
  writes: number;
  elapsedMs: number;
}

interface Outcome {
  id: string;
  title: string;
  state: string;
  townName: string | null;
  averageScore: number | null;
  scores: number;
  satisfiedShare: number | null;
  helpedShare: number | null;
  recommendation: string | null;
  recommendationLabel: string;
}

interface Outcomes {
  year: number;
  thresholds: { minScores: number; renewMinScore: number; renewMinHelpedShare: number; renewMinSatisfaction: number; retireBelowSatisfaction: number };
  projects: Outcome[];
}

const root = byId("ranking-runs");
const runForm = byId<HTMLFormElement>("run-form");
const runAlert = byId("run-alert");
const runResult = byId("run-result");
const outcomesForm = byId<HTMLFormElement>("outcomes-form");
const outcomes = byId("outcomes");

function runFacts(run: RankingRun): HTMLElement {
  const row = (term: string, detail: string) => [h("dt", {}, term), h("dd", {}, detail)];
  return h(
    "dl",
    { class: "facts report-numbers", id: "run-numbers" },
    ...row(t("rankingRuns.subjects"), t("rankingRuns.count", { value: run.subjects })),
    ...row(t("rankingRuns.rankingsWritten"), t("rankingRuns.tables", { value: run.rankings })),
    ...row(t("rankingRuns.reads"), t("rankingRuns.times", { value: run.reads })),
    ...row(t("rankingRuns.writes"), t("rankingRuns.times", { value: run.writes })),
    ...row(t("rankingRuns.elapsed"), t("rankingRuns.seconds", { value: (run.elapsedMs / 1000).toFixed(1) })),
  );
}

async function run(): Promise<void> {
  clearErrors(runForm, runAlert);
  replaceChildren(runResult, h("p", { class: "muted" }, t("rankingRuns.running")));
  const body = { from: value(runForm, "from") || undefined, to: value(runForm, "to") || undefined };
  try {
    const result = await submitting(runForm, () => apiSend<RankingRun>("POST", "/api/admin/rankings/run", body));
    showSuccess(runAlert, t("rankingRuns.done", { from: result.from, to: result.to }));
    replaceChildren(runResult, runFacts(result), h("p", {}, h("a", { attrs: { href: "/rankings" } }, t("rankingRuns.viewRankings"))));
    runAlert.focus();
  } catch (error) {
    replaceChildren(runResult);
    showErrors(runForm, runAlert, error);
  }
}

const badgeOf: Record<string, string> = { renew: "badge-success", retire: "badge-danger", review: "badge-warning" };

function cell(labelKey: string, ...content: (Node | string | null)[]): HTMLTableCellElement {
  return h("td", { attrs: { "data-label": t(labelKey) } }, ...content);
}

function outcomeRow(p: Outcome): HTMLTableRowElement {
  const share = (v: number | null) => (v === null ? "—" : shareText(v));
  return h(
    "tr",
    {},
    cell("rankingRuns.project", h("a", { attrs: { href: `/admin/project?id=${encodeURIComponent(p.id)}` } }, p.title)),
    cell("rankingRuns.town", p.townName ?? "–"),
    cell("rankingRuns.average", p.averageScore === null ? "—" : p.averageScore.toFixed(2)),
    cell("rankingRuns.scores", String(p.scores)),
    cell("rankingRuns.satisfied", share(p.satisfiedShare)),
    cell("rankingRuns.helped", share(p.helpedShare)),
    cell("rankingRuns.recommendation", h("span", { class: `badge ${badgeOf[p.recommendation ?? ""] ?? "badge-muted"}` }, p.recommendationLabel)),
  );
}

async function showOutcomes(year: string): Promise<void> {
  const view = await apiGet<Outcomes>(`/api/admin/rankings/outcomes${year ? `?year=${encodeURIComponent(year)}` : ""}`);
  byId<HTMLInputElement>("outcomes-year").value = String(view.year);
  const th = view.thresholds;
  const count = (r: string) => view.projects.filter((p) => p.recommendation === r).length;
  const header = ["rankingRuns.project", "rankingRuns.town", "rankingRuns.average", "rankingRuns.scores", "rankingRuns.satisfied", "rankingRuns.helped", "rankingRuns.recommendation"];
  replaceChildren(
    outcomes,
    h("h3", {}, t("rankingRuns.thresholdsTitle")),
    h(
      "ul",
      { id: "outcome-rules" },
      h("li", {}, t("rankingRuns.renewRule", { min: th.minScores, score: th.renewMinScore.toFixed(1), helped: shareText(th.renewMinHelpedShare), satisfied: shareText(th.renewMinSatisfaction) })),
      h("li", {}, t("rankingRuns.retireRule", { retire: shareText(th.retireBelowSatisfaction) })),
      h("li", {}, t("rankingRuns.reviewRule", { min: th.minScores })),
    ),
    view.projects.length === 0
      ? h("p", { class: "empty-state" }, t("rankingRuns.outcomesEmpty", { year: view.year }))
      : h(
          "div",
          {},
          h("p", { id: "outcome-summary" }, t("rankingRuns.summary", { renew: count("renew"), retire: count("retire"), review: count("review") })),
          h(
            "div",
            { class: "table-wrap" },
            h(
              "table",
              { class: "data stack-on-phone", id: "outcomes-table" },
              h("caption", { class: "visually-hidden" }, t("rankingRuns.outcomesCaption", { year: view.year })),
              h("thead", {}, h("tr", {}, ...header.map((key) => h("th", { attrs: { scope: "col" } }, t(key))))),
              h("tbody", {}, ...view.projects.map(outcomeRow)),
            ),
          ),
        ),
  );
}

void load(root, async () => {
  if (!(await startShell("rankingRuns"))) return;
  runForm.addEventListener("submit", (event) => {
    event.preventDefault();
    void run();
  });
  outcomesForm.addEventListener("submit", (event) => {
    event.preventDefault();
    void load(outcomes, () => showOutcomes(value(outcomesForm, "year")));
  });
  markReady();
  await showOutcomes(new URLSearchParams(location.search).get("year") ?? "");
});
