import { ApiError, apiGet } from "../lib/api";
import { byId, h, replaceChildren } from "../lib/dom";
import { formatDateTime } from "../lib/format";
import { clearErrors, markReady, showErrors, submitting } from "../lib/forms";
import { t } from "../lib/i18n";
import { ratingCard } from "../lib/rating";
import { projectBadge, publicPage } from "../lib/projects";
import { facts, gradeText, normalizeCode, PublicRequest, statusBadge, timelineList } from "../lib/requests";

const form = byId<HTMLFormElement>("track-form");
const alert = byId("track-alert");
const input = byId<HTMLInputElement>("code");
const result = byId("track-result");

// Triage runs in the background a few seconds after submission: while the theme is still unknown the
// page looks again now and then, so a resident who has just submitted sees it appear.
const refreshEveryMs = 3000;
const refreshAttempts = 40;
let refreshTimer: number | undefined;
let shown = "";

function codeFromAddress(): string {
  const match = /^\/track\/([^/]+)\/?$/.exec(location.pathname);
  if (match) return decodeURIComponent(match[1]);
  return new URLSearchParams(location.search).get("code") ?? "";
}

/** The micro-project a request was merged into (民心微实事), as GET /api/requests/{code} gives it. */
interface LinkedProject {
  id: string;
  title: string;
  state: string;
  stateLabel: string;
  /** Why it was rejected, cancelled or suspended. */
  reason: string | null;
}

type Tracked = PublicRequest & { project?: LinkedProject | null };

/** Where the project stands, why it stopped if it did, and the way to support or score it with this code. */
function projectCard(request: Tracked): HTMLElement | null {
  const project = request.project;
  if (!project) return null;
  // A proposal is not public yet: its title and state are shown, the link comes once it is published for deliberation.
  const href = project.state === "proposed" ? null : `${publicPage(project.id)}?code=${encodeURIComponent(request.trackingCode)}`;
  const invite = project.state === "deliberating" ? "track.projectSupport" : project.state === "evaluating" ? "track.projectScore" : null;
  return h(
    "section",
    { class: "card project-link-card", attrs: { "aria-labelledby": "project-link-title" } },
    h("h2", { id: "project-link-title" }, t("track.projectTitle")),
    h("p", {}, t("track.projectIntro")),
    h("p", { class: "request-title" }, href ? h("a", { attrs: { href } }, project.title) : project.title, " ", projectBadge(project.state, project.stateLabel)),
    project.reason ? h("p", { class: "alert alert-info", id: "project-link-reason" }, t(`projects.reasonOf.${project.state}`, { reason: project.reason })) : null,
    href && invite ? h("p", {}, h("a", { class: "btn btn-primary", attrs: { href } }, t(invite))) : null,
  );
}

function render(request: PublicRequest): HTMLElement {
  const triaged = request.theme !== null && request.theme !== "";
  return h(
    "section",
    { class: "card request-card", attrs: { "aria-labelledby": "result-title" } },
    h(
      "div",
      { class: "request-head" },
      h("h2", { id: "result-title", attrs: { tabindex: "-1" } }, t("track.requestNumber", { code: request.displayCode })),
      statusBadge(request.status, request.statusLabel),
    ),
    facts([
      [t("track.community"), request.townName ? `${request.communityName}（${request.townName}）` : request.communityName],
      [t("track.receivedAt"), h("time", { attrs: { datetime: request.receivedAt } }, formatDateTime(request.receivedAt))],
      [t("track.channel"), request.channelLabel],
      [t("track.theme"), triaged ? h("span", { class: "badge badge-info" }, request.theme as string) : t("track.triaging")],
      [t("track.grade"), triaged ? gradeText(request.grade) : null],
      [t("track.visibility"), t(request.isPublic ? "track.public" : "track.private")],
    ]),
    triaged ? null : h("p", { class: "muted", id: "triage-note" }, t("track.autoRefresh")),
    h("h3", {}, t("track.content")),
    h("p", { class: "request-title" }, request.title),
    h("p", { class: "request-body" }, request.description),
    h("h3", {}, t("track.timeline")),
    timelineList(request.timeline),
  );
}

/** A replied request asks for the resident's rating first; the request and its timeline follow. */
function cards(request: Tracked): HTMLElement[] {
  const project = projectCard(request);
  const main = project ? [project, render(request)] : [render(request)];
  return request.canRate ? [ratingCard(request, rated), ...main] : main;
}

/** After rating: the thanks, then the request with the rating in its timeline. */
function rated(request: PublicRequest): void {
  shown = JSON.stringify(request);
  const thanks = h("div", { class: "alert alert-success", id: "rating-thanks", attrs: { role: "status", tabindex: "-1" } }, t("rating.thanks"));
  replaceChildren(result, thanks, ...cards(request));
  thanks.focus();
}

async function lookUp(code: string, options: { focus: boolean; attempt?: number }): Promise<void> {
  window.clearTimeout(refreshTimer);
  try {
    const request = await apiGet<Tracked>(`/api/requests/${encodeURIComponent(code)}`);
    // Redraw only what changed, so a look-again does not pull the reader's place (or focus) away.
    const snapshot = JSON.stringify(request);
    if (snapshot !== shown || options.focus) {
      const wasWaiting = shown !== "" && (JSON.parse(shown) as PublicRequest).theme === null;
      if (wasWaiting && request.theme) replaceChildren(byId("track-live"), t("track.triaged", { theme: request.theme }));
      shown = snapshot;
      replaceChildren(result, ...cards(request));
    }
    if (document.activeElement !== input) input.value = request.displayCode;
    if (options.focus) byId("result-title").focus();
    const attempt = options.attempt ?? 0;
    if (!request.theme && attempt < refreshAttempts) {
      refreshTimer = window.setTimeout(() => void lookUp(code, { focus: false, attempt: attempt + 1 }), refreshEveryMs);
    }
  } catch (error) {
    shown = "";
    replaceChildren(result);
    showErrors(form, alert, explain(error, code));
  }
}

function explain(error: unknown, code: string): unknown {
  if (!(error instanceof ApiError)) return error;
  if (error.status === 400 || error.code === "invalid_tracking_code") {
    return new ApiError(400, error.code, t("track.invalid"), { code: [t("track.invalidField")] });
  }
  if (error.status === 404) return new ApiError(404, error.code, t("track.notFound", { code }));
  return error;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form, alert);
  const code = normalizeCode(input.value);
  if (!code) {
    showErrors(form, alert, new ApiError(400, "required", t("track.missing"), { code: [t("track.missingField")] }));
    return;
  }
  if (codeFromAddress() !== code) history.pushState(null, "", `/track/${encodeURIComponent(code)}`);
  await submitting(form, () => lookUp(code, { focus: true }));
});

window.addEventListener("popstate", () => {
  const code = normalizeCode(codeFromAddress());
  input.value = code;
  clearErrors(form, alert);
  if (code) void lookUp(code, { focus: false });
  else replaceChildren(result);
});

const initial = codeFromAddress();
if (initial) {
  input.value = initial;
  void lookUp(normalizeCode(initial), { focus: false });
}
markReady();
