// The steps panel of the staff project page: a button or a small form for exactly the steps the API
// says this person may take now. Every step sends the version the panel showed, so a double click is
// answered as already done; a step the state or role no longer allows is refused with the allowed
// steps named, and the panel catches up.
import { ApiError, apiGet, apiSend } from "./api";
import { h, replaceChildren } from "./dom";
import { clearErrors, showErrors, showSuccess, submitting } from "./forms";
import { t } from "./i18n";
import { fieldsFor, immediateActions, submitText } from "./project-forms";
import { actionPath, Project, ProjectAction, projectPath } from "./projects";

export interface PanelOptions {
  card: HTMLElement;
  /** Told after every step (and after a refusal re-read), so the rest of the page can follow. */
  onChanged: (project: Project) => void;
}

/** Field errors the form has no field for (the plan as a whole, a missing coordinator) go into its alert. */
export function showAllErrors(form: HTMLFormElement, alert: HTMLElement, error: unknown): void {
  showErrors(form, alert, error);
  if (!(error instanceof ApiError)) return;
  const unmatched = Object.entries(error.errors)
    .filter(([name]) => !form.querySelector(`[name="${CSS.escape(name)}"]`))
    .flatMap(([, messages]) => messages);
  if (unmatched.length > 0) alert.append(h("span", { class: "alert-detail" }, unmatched.join("；")));
}

export function projectPanel(options: PanelOptions): { render: (project: Project) => void } {
  const { card } = options;
  const alert = h("div", { id: "actions-alert", attrs: { role: "alert", tabindex: "-1" } });
  alert.hidden = true;
  const body = h("div", {});
  replaceChildren(card, h("h2", { id: "actions-title" }, t("projectActions.title")), alert, body);
  let view: Project;

  const done = (next: Project, action: ProjectAction) => {
    options.onChanged(next);
    showSuccess(alert, t("projectActions.done", { action: action.label, state: next.stateLabel }));
    alert.focus();
  };

  const refused = async (error: ApiError) => {
    options.onChanged(await apiGet<Project>(projectPath(view.id)));
    replaceChildren(alert, error.title);
    alert.className = "alert alert-error";
    alert.hidden = false;
    alert.focus();
  };

  const failed = (error: unknown) => {
    replaceChildren(alert, error instanceof ApiError ? error.title : t("errors.unexpected"));
    alert.className = "alert alert-error";
    alert.hidden = false;
    alert.focus();
  };

  const isRefusal = (error: unknown): error is ApiError => error instanceof ApiError && (error.status === 409 || error.status === 403);

  const send = (action: ProjectAction, extra: Record<string, unknown>) => apiSend<Project>("POST", actionPath(view.id, action.action), { ...extra, version: view.version });

  function actionForm(action: ProjectAction): HTMLFormElement {
    const { fields, body: read } = fieldsFor(action.action, view);
    const formAlert = h("div", { attrs: { role: "alert", tabindex: "-1" } });
    formAlert.hidden = true;
    const id = `action-${action.action}`;
    const form = h(
      "form",
      { id, class: "action-form", attrs: { method: "post", novalidate: true, "aria-labelledby": `${id}-title` } },
      h("h3", { id: `${id}-title` }, action.label),
      formAlert,
      ...fields,
      h(
        "div",
        { class: "actions" },
        h("button", { class: "btn btn-primary", attrs: { type: "submit" } }, submitText(action.action, action.label)),
        h("button", { class: "btn btn-secondary", attrs: { type: "button" }, on: { click: () => close(form) } }, t("projectActions.cancel")),
      ),
    );
    form.hidden = true;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors(form, formAlert);
      try {
        done(await submitting(form, async () => send(action, await read(form))), action);
      } catch (error) {
        if (isRefusal(error)) await refused(error);
        else showAllErrors(form, formAlert, error);
      }
    });
    return form;
  }

  function close(form: HTMLFormElement): void {
    form.hidden = true;
    const opener = card.querySelector<HTMLButtonElement>(`[aria-controls="${form.id}"]`);
    opener?.setAttribute("aria-expanded", "false");
    opener?.focus();
  }

  function buttons(actions: ProjectAction[]): HTMLElement[] {
    if (actions.length === 0) return [h("p", { class: "muted" }, t("projectActions.none"))];
    const forms = actions.filter((a) => !immediateActions.includes(a.action)).map(actionForm);
    const list = actions.map((action, index) => {
      const style = index === 0 ? "btn btn-primary" : "btn btn-secondary";
      if (immediateActions.includes(action.action)) {
        const button = h("button", { class: style, attrs: { type: "button" } }, action.label);
        button.addEventListener("click", async () => {
          button.disabled = true;
          try {
            done(await send(action, {}), action);
          } catch (error) {
            button.disabled = false;
            if (isRefusal(error)) await refused(error);
            else failed(error);
          }
        });
        return button;
      }
      const form = forms.find((f) => f.id === `action-${action.action}`) as HTMLFormElement;
      return h(
        "button",
        {
          class: style,
          attrs: { type: "button", "aria-expanded": "false", "aria-controls": form.id },
          on: {
            click: (event) => {
              const opener = event.currentTarget as HTMLButtonElement;
              const opening = form.hidden;
              forms.forEach((other) => (other.hidden = true));
              card.querySelectorAll("[aria-controls^='action-']").forEach((b) => b.setAttribute("aria-expanded", "false"));
              form.hidden = !opening;
              opener.setAttribute("aria-expanded", String(opening));
              if (opening) form.querySelector<HTMLElement>("input, select, textarea")?.focus();
            },
          },
        },
        action.label,
      );
    });
    return [h("div", { class: "actions", id: "action-buttons" }, ...list), ...forms];
  }

  return {
    render(project: Project) {
      view = project;
      replaceChildren(body, ...buttons(project.actions));
    },
  };
}
