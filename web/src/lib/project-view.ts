// A project as the public page and the staff page both show it: the summary, the claims, the
// deliberation notes, the milestone plan with its reports and photos, the evidence and the history.
import { h } from "./dom";
import { formatDateTime, formatPercent } from "./format";
import { t } from "./i18n";
import { Claim, formatYuan, Milestone, Note, photoUrl, pledgeText, progress, Project, projectBadge, ProjectStep, time } from "./projects";
import { facts, TimelineEvent, timelineList } from "./requests";

/** Photos as a grid of images, each opening the full picture. */
export function photoList(projectId: string, names: string[], alt: string): HTMLElement | null {
  if (names.length === 0) return null;
  return h(
    "ul",
    { class: "photo-list" },
    ...names.map((name, index) =>
      h(
        "li",
        {},
        h(
          "a",
          { attrs: { href: photoUrl(projectId, name), target: "_blank", rel: "noopener" } },
          h("img", { attrs: { src: photoUrl(projectId, name), alt: t("projects.photoAlt", { what: alt, n: index + 1 }), loading: "lazy", width: "160", height: "120" } }),
        ),
      ),
    ),
  );
}

function cell(labelKey: string, ...content: (Node | string | null)[]): HTMLTableCellElement {
  return h("td", { attrs: { "data-label": t(labelKey) } }, ...content);
}

export function milestoneStatus(m: Milestone): HTMLElement {
  if (m.doneAt) return h("span", { class: "badge badge-success" }, t("projects.milestoneDone"));
  if (m.escalated) return h("span", { class: "badge badge-danger" }, t("projects.milestoneEscalated"));
  if (m.overdue) return h("span", { class: "badge badge-danger" }, t("projects.milestoneOverdue"));
  return h("span", { class: "badge badge-warning" }, t("projects.milestoneOpen"));
}

/** The milestone plan as a table that becomes one card per milestone on a phone. */
export function milestoneTable(milestones: Milestone[]): HTMLElement {
  const header = ["projects.milestoneNumber", "projects.milestoneTitle", "projects.milestoneOwner", "projects.milestoneDue", "projects.milestoneState"];
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "data stack-on-phone milestones" },
      h("thead", {}, h("tr", {}, ...header.map((key) => h("th", { attrs: { scope: "col" } }, t(key))))),
      h(
        "tbody",
        {},
        ...milestones.map((m) =>
          h(
            "tr",
            {},
            cell("projects.milestoneNumber", String(m.number)),
            cell("projects.milestoneTitle", m.title ?? ""),
            cell("projects.milestoneOwner", m.owner ?? ""),
            cell("projects.milestoneDue", time(m.dueAt) ?? "–"),
            cell("projects.milestoneState", h("span", {}, milestoneStatus(m), m.doneAt ? h("span", { class: "muted" }, ` ${formatDateTime(m.doneAt)}`) : null)),
          ),
        ),
      ),
    ),
  );
}

/** The project's history as a timeline: public notes for everyone; who did it and the internal note for staff. */
export function projectTimeline(steps: ProjectStep[], staff: boolean): TimelineEvent[] {
  return steps.map((step) => {
    const notes = staff ? [step.note, step.staffNote].filter((n, i, all): n is string => !!n && all.indexOf(n) === i) : [step.note].filter((n): n is string => !!n);
    const note = notes.length > 0 ? notes.join(" · ") : null;
    const detail = staff && step.actorLabel ? (note ? t("projects.historyDetail", { actor: step.actorLabel, note }) : step.actorLabel) : note;
    return { at: step.at, kind: step.action, label: step.label, detail };
  });
}

const started = ["executing", "completed", "written_off", "evaluating", "closed"];

function scoreText(p: Project): string | null {
  if (p.scoreCount === 0 && p.averageScore === null) return p.state === "evaluating" || p.state === "closed" ? t("projects.noScores") : null;
  const helped = p.helpedShare === null ? "" : t("projects.helpedShare", { share: formatPercent(p.helpedShare) });
  const satisfied = p.satisfiedShare === null || p.satisfiedShare === undefined ? "" : t("projects.satisfiedShare", { share: formatPercent(p.satisfiedShare) });
  return t("projects.scoreText", { average: p.averageScore === null ? "–" : p.averageScore.toFixed(1), count: p.scoreCount }) + helped + satisfied;
}

/** The facts about a project, its description, and the reason it stopped when it did. */
export function summaryCard(p: Project, titleId: string): HTMLElement {
  const confirmed = p.claims.filter((c) => c.status === "confirmed").map((c) => c.unitName ?? c.unitId);
  return h(
    "section",
    { class: "card", attrs: { "aria-labelledby": titleId } },
    h("div", { class: "request-head" }, h("h2", { id: titleId }, t("projects.summary")), projectBadge(p.state, p.stateLabel)),
    p.reason && ["rejected", "cancelled", "suspended"].includes(p.state)
      ? h("p", { class: "alert alert-info", id: "project-reason" }, t(`projects.reasonOf.${p.state}`, { reason: p.reason }))
      : null,
    facts([
      [t("projects.batch"), p.batch],
      [t("projects.theme"), p.theme ? h("span", { class: "badge badge-info" }, p.theme) : null],
      [t("projects.communities"), p.communities.map((c) => c.name ?? c.id).join("、")],
      [t("projects.budget"), formatYuan(p.budget)],
      [t("projects.coordinator"), p.coordinatorName],
      [t("projects.lead"), p.leadUnitName],
      [t("projects.claimants"), confirmed.length > 0 ? confirmed.join("、") : null],
      [t("projects.claimDeadline"), p.state === "published" ? time(p.claimDeadline) : null],
      [t("projects.progress"), started.includes(p.state) ? progress(p.percent, "project-percent") : null],
      [t("projects.supports"), p.state === "proposed" ? null : t("projects.supportCount", { count: p.supports })],
      [t("projects.linkedRequests"), p.linkedRequests > 0 ? t("projects.linkedCount", { count: p.linkedRequests }) : null],
      [t("projects.evaluationEnds"), p.state === "evaluating" ? time(p.evaluationEndsAt) : null],
      [t("projects.scores"), scoreText(p)],
      [t("projects.recommendation"), p.recommendationLabel],
    ]),
    h("h3", {}, t("projects.description")),
    h("p", { class: "request-body" }, p.description),
  );
}

function claimItem(c: Claim): HTMLElement {
  const status =
    c.status === "confirmed"
      ? h("span", { class: "badge badge-success" }, t(c.isLead ? "projects.claimLead" : "projects.claimConfirmed"))
      : h("span", { class: "badge badge-warning" }, t("projects.claimPending"));
  return h(
    "li",
    { class: "claim-item" },
    h("span", { class: "claim-name" }, c.unitName ?? c.unitId, status),
    h("span", {}, pledgeText(c.pledgeKind, c.pledgeAmount, c.pledgeLabel)),
    c.text ? h("span", { class: "request-body muted" }, c.text) : null,
  );
}

function noteItem(n: Note, feasibility: boolean): HTMLElement {
  const verdict = n.feasible === null || n.feasible === undefined ? null : h("span", { class: `badge ${n.feasible ? "badge-success" : "badge-danger"}` }, t(n.feasible ? "projects.feasible" : "projects.notFeasible"));
  return h(
    "li",
    { class: "claim-item" },
    h("span", { class: "claim-name" }, n.byName ?? "", feasibility ? verdict : null, h("span", { class: "muted" }, ` ${formatDateTime(n.at)}`)),
    h("span", { class: "request-body" }, n.text ?? ""),
  );
}

function section(id: string, title: string, ...content: (Node | null)[]): HTMLElement {
  return h("section", { class: "card", id, attrs: { "aria-labelledby": `${id}-title` } }, h("h2", { id: `${id}-title` }, title), ...content);
}

/** Everything after the summary, each part only once it has something to show. */
export function detailCards(p: Project, staff: boolean): HTMLElement[] {
  const cards: HTMLElement[] = [];
  if (p.claims.length > 0) {
    cards.push(section("project-claims", t("projects.claimsTitle"), h("ul", { class: "plain-list claim-list" }, ...p.claims.map(claimItem))));
  }
  if (p.feasibilityNotes.length > 0) {
    cards.push(section("project-notes", t("projects.notesTitle"), h("ul", { class: "plain-list claim-list" }, ...p.feasibilityNotes.map((n) => noteItem(n, true)))));
  }
  if (p.milestones.length > 0 || p.reports.length > 0) {
    const reports = [...p.reports].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    cards.push(
      section(
        "project-execution",
        t("projects.executionTitle"),
        p.milestones.length > 0 ? h("h3", {}, t("projects.milestones")) : null,
        p.milestones.length > 0 ? milestoneTable(p.milestones) : null,
        reports.length > 0 ? h("h3", {}, t("projects.reports")) : null,
        reports.length > 0
          ? h(
              "ol",
              { class: "plain-list report-list" },
              ...reports.map((r, i) =>
                h(
                  "li",
                  { class: "report-item" },
                  h("span", { class: "claim-name" }, time(r.at), r.percent === null ? null : h("span", { class: "badge badge-info" }, `${r.percent}%`)),
                  h("span", { class: "request-body" }, r.text ?? ""),
                  photoList(p.id, r.photos, t("projects.reportPhoto", { n: reports.length - i })),
                ),
              ),
            )
          : null,
      ),
    );
  }
  if (p.evidence) {
    cards.push(section("project-evidence", t("projects.evidenceTitle"), h("p", { class: "request-body" }, p.evidence), photoList(p.id, p.evidencePhotos, t("projects.evidencePhoto"))));
  }
  if (p.observerEvaluations.length > 0) {
    cards.push(section("project-evaluations", t("projects.evaluationsTitle"), h("ul", { class: "plain-list claim-list" }, ...p.observerEvaluations.map((n) => noteItem(n, false)))));
  }
  cards.push(section("project-timeline", t(staff ? "projects.historyTitle" : "projects.timelineTitle"), timelineList(projectTimeline(p.timeline, staff))));
  return cards;
}
