import { ApiError, apiGet } from "../lib/api";
import { byId, h, replaceChildren } from "../lib/dom";
import { t } from "../lib/i18n";
import { scoreCard, supportCard } from "../lib/ballot";
import { detailCards, summaryCard } from "../lib/project-view";
import { isProjectId, Project, projectPath } from "../lib/projects";

// The public page of one project: /projects/{id} (or /project?id=). Residents tick support while it is
// in deliberation and score it while it is in evaluation; ?code= fills in the tracking code when they
// come from their own tracking page.
const container = byId("project");
const alert = byId("project-alert");
const params = new URLSearchParams(location.search);
const code = params.get("code") ?? "";

function idFromAddress(): string {
  const match = /^\/projects\/([^/]+)\/?$/.exec(location.pathname);
  return match ? decodeURIComponent(match[1]) : params.get("id") ?? "";
}

function ballot(project: Project): HTMLElement | null {
  if (project.state === "deliberating") return supportCard(project, code, (after) => thanks(after, "ballot.supported"));
  if (project.state === "evaluating") return scoreCard(project, code, (after) => thanks(after, "ballot.scored"));
  return null;
}

function render(project: Project): void {
  replaceChildren(byId("project-title"), project.title);
  document.title = `${project.title} · ${t("site.name")}`;
  replaceChildren(container, summaryCard(project, "summary-title"), ballot(project), ...detailCards(project, false));
}

/** After a ballot: the thanks in place of the form (the counts already include it). */
function thanks(project: Project, key: string): void {
  const message = h("div", { class: "alert alert-success", id: "ballot-thanks", attrs: { role: "status", tabindex: "-1" } }, t(key));
  replaceChildren(byId("project-title"), project.title);
  replaceChildren(container, message, summaryCard(project, "summary-title"), ...detailCards(project, false));
  message.focus();
}

async function start(): Promise<void> {
  const id = idFromAddress();
  try {
    if (!isProjectId(id)) throw new ApiError(404, "not_found", t("projectPage.notFound"));
    render(await apiGet<Project>(projectPath(id)));
    if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  } catch (error) {
    replaceChildren(container);
    replaceChildren(alert, error instanceof ApiError && error.status === 404 ? t("projectPage.notFound") : error instanceof ApiError ? error.title : t("errors.unexpected"));
    alert.className = "alert alert-error";
    alert.hidden = false;
  }
}

void start();
