// Residents take part without an account: they tick support for a project in deliberation and score
// it in evaluation. The ballot is the tracking code of one of their own requests from a community the
// project serves, and each code counts once per project — the rule is printed next to the form.
import { ApiError, apiSend } from "./api";
import { h } from "./dom";
import { formatDateTime } from "./format";
import { clearErrors, markReady, showErrors, submitting, value } from "./forms";
import { t } from "./i18n";
import { Project, projectPath } from "./projects";
import { normalizeCode } from "./requests";

/** Refusals about the code itself (wrong, not from these communities) belong at the code field. */
function atCodeField(error: unknown): unknown {
  if (error instanceof ApiError && ["invalid_tracking_code", "not_a_resident", "already_scored"].includes(error.code)) {
    return new ApiError(error.status, error.code, error.title, { trackingCode: [error.title] });
  }
  return error;
}

/** "2KK8AEAW6W" as residents see it on their tracking page: "2KK8A-EAW6W". */
function displayCode(code: string): string {
  const normalized = normalizeCode(code);
  return normalized.length === 10 ? `${normalized.slice(0, 5)}-${normalized.slice(5)}` : code;
}

function codeField(id: string, code: string, communities: string): HTMLElement {
  return h(
    "div",
    { class: "field" },
    h("label", { attrs: { for: id } }, t("ballot.code")),
    h("input", {
      id,
      class: "code-input",
      attrs: { name: "trackingCode", value: displayCode(code), maxlength: "24", autocomplete: "off", autocapitalize: "characters", spellcheck: "false", required: true, "aria-describedby": `${id}-hint` },
    }),
    h("p", { class: "field-hint", id: `${id}-hint` }, t("ballot.rule", { communities })),
  );
}

function communitiesOf(project: Project): string {
  return project.communities.map((c) => c.name ?? c.id).join("、");
}

/** Support during deliberation; onDone gets the project as it stands afterwards. */
export function supportCard(project: Project, code: string, onDone: (project: Project) => void): HTMLElement {
  const alert = h("div", { id: "support-alert", attrs: { role: "alert", tabindex: "-1" } });
  alert.hidden = true;
  const form = h(
    "form",
    { id: "support-form", attrs: { method: "post", novalidate: true } },
    alert,
    codeField("support-code", code, communitiesOf(project)),
    h("button", { class: "btn btn-primary btn-block", attrs: { type: "submit", disabled: true, "data-ready": true } }, t("ballot.support")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, alert);
    try {
      const body = { trackingCode: normalizeCode(value(form, "trackingCode")) };
      onDone(await submitting(form, () => apiSend<Project>("POST", `${projectPath(project.id)}/support`, body)));
    } catch (error) {
      showErrors(form, alert, atCodeField(error));
    }
  });
  markReady(form);
  return h(
    "section",
    { class: "card ballot-card", attrs: { "aria-labelledby": "support-title" } },
    h("h2", { id: "support-title" }, t("ballot.supportTitle")),
    h("p", {}, t("ballot.supportIntro", { count: project.supports })),
    form,
  );
}

function radios(name: string, legend: string, choices: [string, string][]): HTMLElement {
  return h(
    "fieldset",
    { class: "field choice" },
    h("legend", {}, legend),
    ...choices.map(([v, text]) => h("label", { class: "choice-option" }, h("input", { id: `score-${name}-${v}`, attrs: { type: "radio", name, value: v } }), ` ${text}`)),
  );
}

/** The resident's score (1–5, did it help, a comment) during evaluation. */
export function scoreCard(project: Project, code: string, onDone: (project: Project) => void): HTMLElement {
  const alert = h("div", { id: "score-alert", attrs: { role: "alert", tabindex: "-1" } });
  alert.hidden = true;
  const form = h(
    "form",
    { id: "score-form", attrs: { method: "post", novalidate: true } },
    alert,
    codeField("score-code", code, communitiesOf(project)),
    radios("score", t("ballot.scoreLegend"), ["5", "4", "3", "2", "1"].map((s) => [s, t(`ballot.scores.${s}`)])),
    radios("helped", t("ballot.helpedLegend"), [
      ["true", t("ballot.helpedYes")],
      ["false", t("ballot.helpedNo")],
    ]),
    h(
      "div",
      { class: "field" },
      h("label", { attrs: { for: "score-comment" } }, t("ballot.comment"), " ", h("span", { class: "optional" }, t("request.optional"))),
      h("textarea", { id: "score-comment", attrs: { name: "comment", rows: "3", maxlength: "500" } }),
    ),
    h("button", { class: "btn btn-primary btn-block", attrs: { type: "submit", disabled: true, "data-ready": true } }, t("ballot.submitScore")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, alert);
    const score = value(form, "score");
    const helped = value(form, "helped");
    const body = {
      trackingCode: normalizeCode(value(form, "trackingCode")),
      score: score === "" ? null : Number(score),
      helped: helped === "" ? null : helped === "true",
      comment: value(form, "comment") || null,
    };
    try {
      onDone(await submitting(form, () => apiSend<Project>("POST", `${projectPath(project.id)}/scores`, body)));
    } catch (error) {
      showErrors(form, alert, atCodeField(error));
    }
  });
  markReady(form);
  return h(
    "section",
    { class: "card ballot-card", attrs: { "aria-labelledby": "score-title" } },
    h("h2", { id: "score-title" }, t("ballot.scoreTitle")),
    h("p", {}, t("ballot.scoreIntro")),
    project.evaluationEndsAt ? h("p", { class: "muted" }, t("ballot.scoreDeadline", { at: formatDateTime(project.evaluationEndsAt) })) : null,
    form,
  );
}
