import { ApiError, apiGet, apiSend } from "../../lib/api";
import { byId, h, replaceChildren } from "../../lib/dom";
import { formatDateTime, formatPercent } from "../../lib/format";
import { clearErrors, markReady, showErrors, showSuccess, submitting, value } from "../../lib/forms";
import { showHandling } from "../../lib/handling-panel";
import { t } from "../../lib/i18n";
import { facts, gradeText, normalizeCode, PublicRequest, statusBadge, TimelineEvent, timelineList } from "../../lib/requests";
import { Me } from "../../lib/session";
import { load, startShell } from "../../lib/shell";

interface StaffRequest {
  trackingCode: string;
  displayCode: string;
  status: string;
  statusLabel: string;
  channel: string;
  channelLabel: string;
  receivedAt: string;
  enteredBy: string | null;
  townName: string;
  communityId: string;
  communityName: string;
  title: string;
  description: string;
  address: string | null;
  phone: string | null;
  /** The resident left a number that this reader (the unit handling it) may not see. */
  contactHidden: boolean;
  isPublic: boolean;
  theme: string | null;
  department: string | null;
  grade: string | null;
  suggestedTheme: string | null;
  suggestedDepartment: string | null;
  suggestedGrade: string | null;
  themeConfidence: number | null;
  departmentConfidence: number | null;
  gradeReasons: string[];
  keyPhrases: string[];
  duplicateOf: { code: string; displayCode: string; title: string } | null;
  duplicateScore: number | null;
  cluster: { id: string; label: string[]; size: number } | null;
  reviewedAt: string | null;
  reviewedBy: string | null;
  timeline: TimelineEvent[];
  /** Triage rights in the request's area: the confirm/correct form is offered. */
  canReview: boolean;
}

interface Option {
  id: string;
  name?: string;
  label?: string;
}

interface Taxonomies {
  themes: Option[];
  departments: Option[];
  grades: Option[];
}

const code = normalizeCode(new URLSearchParams(location.search).get("code") ?? "");
const detail = byId("request-detail");
const form = byId<HTMLFormElement>("review-form");
const alert = byId("review-alert");
/** Loaded for reviewers only; the unit handling a request sees the stored names as they are. */
let taxonomies: Taxonomies = { themes: [], departments: [], grades: [] };
/** Staff who run micro-projects get a link from the request's cluster to the propose form. */
let canPropose = false;

const optionText = (option: Option) => option.name ?? option.label ?? option.id;

/** The option matching a value the API gave as an id or as a name. */
function matching(options: Option[], wanted: string | null): Option | undefined {
  return wanted ? options.find((o) => o.id === wanted || o.name === wanted || o.label === wanted) : undefined;
}

function nameOf(options: Option[], wanted: string | null): string | null {
  if (!wanted) return null;
  const option = matching(options, wanted);
  return option ? optionText(option) : wanted;
}

/** Themes and departments are sent by name (what requests store), grades by their letter. */
function fill(select: HTMLSelectElement, options: Option[], current: string | null, placeholderKey: string, valueOf: (o: Option) => string): void {
  const chosen = matching(options, current);
  replaceChildren(
    select,
    h("option", { attrs: { value: "" } }, t(placeholderKey)),
    ...options.map((o) => h("option", { attrs: { value: valueOf(o), selected: o === chosen } }, optionText(o))),
  );
}

const byName = (o: Option) => o.name ?? o.id;
const letter = (o: Option) => o.id;

function withConfidence(name: string | null, confidence: number | null): string | null {
  return name ? (typeof confidence === "number" ? t("review.withConfidence", { name, confidence: formatPercent(confidence) }) : name) : null;
}

function list(items: string[], className: string): HTMLElement | null {
  return items.length > 0 ? h("ul", { class: className }, ...items.map((item) => h("li", {}, item))) : null;
}

function markDuplicate(displayCode: string): void {
  const input = byId<HTMLInputElement>("review-duplicate");
  input.value = displayCode;
  input.focus();
}

function render(request: StaffRequest): void {
  replaceChildren(byId("request-code"), request.displayCode);
  const phone = request.phone ? h("a", { attrs: { href: `tel:${request.phone}` } }, request.phone) : null;
  const duplicate = request.duplicateOf
    ? h(
        "span",
        {},
        h("a", { attrs: { href: `/admin/request?code=${encodeURIComponent(request.duplicateOf.code)}` } }, `${request.duplicateOf.displayCode} ${request.duplicateOf.title}`),
        typeof request.duplicateScore === "number" ? h("span", { class: "muted" }, ` ${t("review.similarity", { score: formatPercent(request.duplicateScore) })}`) : null,
        " ",
        h(
          "button",
          { class: "btn btn-link", attrs: { type: "button" }, on: { click: () => markDuplicate(request.duplicateOf?.displayCode ?? "") } },
          t("review.useDuplicate"),
        ),
      )
    : null;
  const cluster = request.cluster
    ? h(
        "span",
        {},
        t("review.clusterText", { label: request.cluster.label.join("、"), size: request.cluster.size }),
        canPropose && request.cluster.size > 1 ? " " : null,
        canPropose && request.cluster.size > 1 ? h("a", { attrs: { href: `/admin/projects?cluster=${encodeURIComponent(request.cluster.id)}` } }, t("review.proposeFromCluster")) : null,
      )
    : null;

  replaceChildren(
    detail,
    h(
      "section",
      { class: "card", attrs: { "aria-labelledby": "content-title" } },
      h("div", { class: "request-head" }, h("h2", { id: "content-title" }, t("review.content")), statusBadge(request.status, request.statusLabel)),
      h("p", { class: "request-title" }, request.title),
      h("p", { class: "request-body" }, request.description),
      facts([
        [t("review.community"), `${request.communityName}（${request.townName}）`],
        [t("review.address"), request.address],
        [t("review.phone"), phone ?? t(request.contactHidden ? "review.phoneHidden" : "review.noPhone")],
        [t("review.channel"), request.channelLabel],
        [t("review.receivedAt"), h("time", { attrs: { datetime: request.receivedAt } }, formatDateTime(request.receivedAt))],
        [t("review.enteredBy"), request.enteredBy],
        [t("review.visibility"), t(request.isPublic ? "track.public" : "track.private")],
      ]),
    ),
    h(
      "section",
      { class: "card", attrs: { "aria-labelledby": "analysis-title" } },
      h("h2", { id: "analysis-title" }, t("review.analysis")),
      facts([
        [t("review.suggestedTheme"), withConfidence(nameOf(taxonomies.themes, request.suggestedTheme), request.themeConfidence) ?? t("requests.notYet")],
        [t("review.suggestedDepartment"), withConfidence(nameOf(taxonomies.departments, request.suggestedDepartment), request.departmentConfidence)],
        [t("review.suggestedGrade"), request.suggestedGrade ? gradeText(request.suggestedGrade) : null],
        [t("review.gradeReasons"), list(request.gradeReasons ?? [], "reasons")],
        [t("review.keyPhrases"), list(request.keyPhrases ?? [], "phrases")],
        [t("review.duplicate"), duplicate],
        [t("review.cluster"), cluster],
      ]),
    ),
  );
  showTimeline(request.timeline);
  byId("review-card").hidden = !request.canReview;
  if (!request.canReview) return;
  fill(byId<HTMLSelectElement>("review-theme"), taxonomies.themes, request.theme ?? request.suggestedTheme, "review.chooseTheme", byName);
  fill(byId<HTMLSelectElement>("review-department"), taxonomies.departments, request.department ?? request.suggestedDepartment, "review.chooseDepartment", byName);
  fill(byId<HTMLSelectElement>("review-grade"), taxonomies.grades, request.grade ?? request.suggestedGrade, "review.chooseGrade", letter);
  // The analyzer's candidate is only a suggestion: the field holds a duplicate once staff have confirmed one.
  byId<HTMLInputElement>("review-duplicate").value = request.reviewedAt ? (request.duplicateOf?.displayCode ?? "") : "";
  replaceChildren(
    byId("review-state"),
    request.reviewedAt
      ? t("review.reviewed", { by: request.reviewedBy ?? "", at: formatDateTime(request.reviewedAt) })
      : t("review.notReviewed"),
  );
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form, alert);
  const duplicateOf = normalizeCode(value(form, "duplicateOf"));
  try {
    const saved = await submitting(form, () =>
      apiSend<StaffRequest>("POST", `/api/staff/requests/${encodeURIComponent(code)}/review`, {
        theme: value(form, "theme"),
        department: value(form, "department"),
        grade: value(form, "grade"),
        duplicateOf: duplicateOf || null,
      }),
    );
    render(saved);
    showSuccess(alert, t("review.saved", { grade: gradeText(saved.grade) }));
    alert.focus();
  } catch (error) {
    showErrors(form, alert, error);
  }
});

/** Staff who reached the request from their inbox or the escalations go back there; reviewers to triage. */
function wireBackLink(me: Me): void {
  const from = new URLSearchParams(location.search).get("from");
  const may = (capability: string) => me.capabilities.includes(capability);
  const target =
    from === "inbox" || (from !== "escalations" && !may("review_triage") && may("handle_requests"))
      ? ["/admin/inbox", "review.backToInbox"]
      : from === "escalations" || !may("review_triage")
        ? ["/admin/escalations", "review.backToEscalations"]
        : ["/admin/triage", "review.back"];
  const link = byId<HTMLAnchorElement>("back-link");
  link.href = target[0];
  replaceChildren(link, t(target[1]));
}

/** The full staff view: for triage reviewers in the request's area and for the unit it is dispatched to; null for anyone else. */
async function staffView(): Promise<StaffRequest | null> {
  try {
    return await apiGet<StaffRequest>(`/api/staff/requests/${encodeURIComponent(code)}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return null;
    throw error;
  }
}

/** Neither a reviewer in its area nor its unit (a supervisor elsewhere, or the unit after returning it): the resident's redacted view. */
function renderPublic(request: PublicRequest): void {
  replaceChildren(byId("request-code"), request.displayCode);
  replaceChildren(
    detail,
    h(
      "section",
      { class: "card", attrs: { "aria-labelledby": "content-title" } },
      h("div", { class: "request-head" }, h("h2", { id: "content-title" }, t("review.content")), statusBadge(request.status, request.statusLabel)),
      h("p", { class: "request-title" }, request.title),
      h("p", { class: "request-body" }, request.description),
      facts([
        [t("review.community"), request.townName ? `${request.communityName}（${request.townName}）` : request.communityName],
        [t("review.channel"), request.channelLabel],
        [t("review.receivedAt"), h("time", { attrs: { datetime: request.receivedAt } }, formatDateTime(request.receivedAt))],
        [t("review.suggestedGrade"), request.grade ? gradeText(request.grade) : null],
      ]),
      h("p", { class: "muted" }, t("review.detailHidden")),
    ),
  );
  showTimeline(request.timeline);
}

function showTimeline(events: TimelineEvent[]): void {
  replaceChildren(
    byId("request-timeline"),
    h("section", { class: "card", attrs: { "aria-labelledby": "timeline-title" } }, h("h2", { id: "timeline-title" }, t("review.timeline")), timelineList(events)),
  );
}

async function publicView(): Promise<PublicRequest> {
  return apiGet<PublicRequest>(`/api/requests/${encodeURIComponent(code)}`);
}

/**
 * After a step the timeline follows in the background, from the staff view while this person may still read it (a unit
 * that returned the request may not) and the resident's otherwise; if the read fails, the old timeline stays until the next.
 */
function refreshTimeline(): void {
  void staffView()
    .then(async (staff) => staff?.timeline ?? (await publicView()).timeline)
    .then(showTimeline);
}

void load(detail, async () => {
  const me = await startShell("request");
  if (!me) return;
  if (!code) {
    replaceChildren(detail, h("div", { class: "error-state", attrs: { role: "alert" } }, t("review.noCode")));
    return;
  }
  wireBackLink(me);
  const canReview = me.capabilities.includes("review_triage");
  canPropose = me.capabilities.includes("manage_projects");
  const [request, tax] = await Promise.all([staffView(), canReview ? apiGet<Taxonomies>("/api/triage/taxonomies") : null]);
  if (tax) taxonomies = tax;
  if (request) render(request);
  const handling = await showHandling({
    card: byId("handling-card"),
    code,
    communityId: request?.communityId,
    // The status in the content card and the timeline follow each step.
    onChanged: (view) => {
      detail.querySelector(".request-head .badge")?.replaceWith(statusBadge(view.state, view.stateLabel));
      refreshTimeline();
    },
  });
  if (!request && !handling) {
    replaceChildren(detail, h("div", { class: "error-state", attrs: { role: "alert" } }, t("shell.forbidden")));
    return;
  }
  if (!request) renderPublic(await publicView());
  markReady();
});
