import { ApiError, apiGet, apiSend } from "../../lib/api";
import { byId, h, replaceChildren } from "../../lib/dom";
import { clearErrors, markReady, showErrors, showSuccess, submitting, value } from "../../lib/forms";
import { t } from "../../lib/i18n";
import { field, textArea } from "../../lib/project-fields";
import { projectPanel } from "../../lib/project-panel";
import { detailCards, summaryCard } from "../../lib/project-view";
import { isProjectId, Project, projectPath, publicPage } from "../../lib/projects";
import { Me } from "../../lib/session";
import { load, startShell } from "../../lib/shell";

// The staff page of one project: where it stands, exactly the steps this person may take now, a
// department's feasibility note during deliberation, an observer's evaluation during evaluation, and
// the full history with who took each step.
const params = new URLSearchParams(location.search);
const id = params.get("id") ?? "";
const from = params.get("from");

function backLink(me: Me): void {
  const link = byId<HTMLAnchorElement>("back-link");
  const toClaims = from === "claims" || !me.capabilities.some((c) => ["manage_projects", "approve_projects", "coordinate_projects", "advise_projects", "evaluate_projects"].includes(c));
  if (toClaims) {
    link.href = "/admin/claims";
    link.textContent = t("projectAdmin.backToClaims");
  } else if (from === "escalations") {
    link.textContent = t("projectAdmin.backToEscalations");
  }
}

/** A note form (feasibility or observer evaluation) that posts to the project and redraws the page. */
function noteForm(kind: "notes" | "evaluations", onSaved: (project: Project) => void): HTMLElement {
  const prefix = kind === "notes" ? "note" : "evaluation";
  const alert = h("div", { id: `${prefix}-alert`, attrs: { role: "alert", tabindex: "-1" } });
  alert.hidden = true;
  const feasible =
    kind === "notes"
      ? h(
          "fieldset",
          { class: "field choice" },
          h("legend", {}, t("projectAdmin.feasibleLegend")),
          h("label", { class: "choice-option" }, h("input", { id: "note-feasible-true", attrs: { type: "radio", name: "feasible", value: "true" } }), ` ${t("projects.feasible")}`),
          h("label", { class: "choice-option" }, h("input", { id: "note-feasible-false", attrs: { type: "radio", name: "feasible", value: "false" } }), ` ${t("projects.notFeasible")}`),
        )
      : null;
  const form = h(
    "form",
    { id: `${prefix}-form`, attrs: { method: "post", novalidate: true } },
    alert,
    feasible,
    field(`${prefix}-text`, t(`projectAdmin.${prefix}Text`), textArea(`${prefix}-text`, "text", kind === "notes" ? 1000 : 2000, true, 4), t(`projectAdmin.${prefix}Hint`)),
    h("button", { class: "btn btn-primary", attrs: { type: "submit" } }, t(`projectAdmin.${prefix}Submit`)),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, alert);
    const verdict = value(form, "feasible");
    const body = { feasible: verdict === "" ? null : verdict === "true", text: value(form, "text") };
    try {
      onSaved(await submitting(form, () => apiSend<Project>("POST", `${projectPath(id)}/${kind}`, body)));
      const saved = byId(`${prefix}-alert`);
      showSuccess(saved, t("projectAdmin.saved"));
      saved.focus();
    } catch (error) {
      showErrors(form, alert, error);
    }
  });
  return h("section", { class: "card", attrs: { "aria-labelledby": `${prefix}-title` } }, h("h2", { id: `${prefix}-title` }, t(`projectAdmin.${prefix}Title`)), form);
}

void load(byId("main"), async () => {
  const me = await startShell("project");
  if (!me) return;
  backLink(me);
  if (!isProjectId(id)) {
    replaceChildren(byId("project-summary"), h("p", { class: "error-state", attrs: { role: "alert" } }, t("projectAdmin.noId")));
    return;
  }

  const actionsCard = byId("actions-card");
  const panel = projectPanel({ card: actionsCard, onChanged: (next) => render(next) });

  function render(project: Project): void {
    replaceChildren(byId("project-title"), project.title);
    document.title = `${project.title} · ${t("site.name")}`;
    const link = byId("public-link");
    link.hidden = project.state === "proposed";
    replaceChildren(link, h("a", { attrs: { href: publicPage(project.id) } }, t("projectAdmin.publicPage")));
    replaceChildren(byId("project-summary"), summaryCard(project, "summary-title"));
    panel.render(project);
    actionsCard.hidden = false;
    const forms: HTMLElement[] = [];
    if (me!.capabilities.includes("advise_projects") && ["proposed", "deliberating"].includes(project.state)) forms.push(noteForm("notes", render));
    if (me!.capabilities.includes("evaluate_projects") && project.state === "evaluating") forms.push(noteForm("evaluations", render));
    replaceChildren(byId("project-forms"), ...forms);
    replaceChildren(byId("project-details"), ...detailCards(project, true));
    markReady();
  }

  try {
    render(await apiGet<Project>(projectPath(id)));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      replaceChildren(byId("project-summary"), h("p", { class: "error-state", attrs: { role: "alert" } }, t("projectPage.notFound")));
      return;
    }
    throw error;
  }
});
