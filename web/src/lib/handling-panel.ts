// The 办理 panel of the staff request page: where the request stands, and a button or a small form for
// exactly the steps the API says this person may take now. Every step sends the version the panel
// showed, so a double click is answered as already done rather than refused.
import { ApiError, apiGet, apiSend } from "./api";
import { h, replaceChildren } from "./dom";
import { clearErrors, showErrors, showSuccess, submitting } from "./forms";
import {
  actionPath,
  deadline,
  deadlineLabel,
  escalationBadge,
  Handling,
  HandlingAction,
  HandlingStep,
  labelOf,
  urgencyBadge,
} from "./handling";
import { Body, fieldsFor, submitText } from "./handling-forms";
import { t } from "./i18n";
import { facts, statusBadge, TimelineEvent, timelineList } from "./requests";

export interface PanelOptions {
  card: HTMLElement;
  code: string;
  /** The request's own community, chosen first in the dispatch picker. */
  communityId?: string;
  /** Told after every step, so the rest of the page can follow. */
  onChanged?: (view: Handling) => void;
}

function historyEvents(history: HandlingStep[]): TimelineEvent[] {
  return history.map((step) => {
    const note = step.note ?? step.publicNote;
    return { at: step.at, kind: step.action, label: step.label, detail: note ? t("handling.historyDetail", { actor: step.actorLabel, note }) : step.actorLabel };
  });
}

/** Draws the panel into its card and keeps it current after every step. Returns null when this user may not see the request's handling. */
export async function showHandling(options: PanelOptions): Promise<Handling | null> {
  const { card, code } = options;
  const path = `/api/staff/requests/${encodeURIComponent(code)}/handling`;
  const alert = h("div", { id: "handling-alert", attrs: { role: "alert", tabindex: "-1" } });
  alert.hidden = true;
  const body = h("div", {});
  replaceChildren(card, h("h2", { id: "handling-title" }, t("handling.title")), alert, body);
  let view: Handling;

  const done = (next: Handling, action: HandlingAction) => {
    render(next);
    showSuccess(alert, t("handling.done", { action: action.label, state: next.stateLabel }));
    alert.focus();
    options.onChanged?.(next);
  };

  /** A step the state or the user's role no longer permits: say so (the title names the allowed steps) and show what is possible now. */
  const refused = async (error: ApiError) => {
    render(await apiGet<Handling>(path));
    replaceChildren(alert, error.title);
    alert.className = "alert alert-error";
    alert.hidden = false;
    alert.focus();
  };

  const send = (action: HandlingAction, extra: Body) => apiSend<Handling>("POST", actionPath(code, action.action), { ...extra, version: view.version });

  function actionForm(action: HandlingAction): HTMLFormElement {
    const { fields, body: read } = fieldsFor(action.action, options.communityId);
    const formAlert = h("div", { attrs: { role: "alert", tabindex: "-1" } });
    formAlert.hidden = true;
    const form = h(
      "form",
      { id: `action-${action.action}`, class: "action-form", attrs: { method: "post", novalidate: true, "aria-labelledby": `action-${action.action}-title` } },
      h("h4", { id: `action-${action.action}-title` }, action.label),
      formAlert,
      ...fields,
      h(
        "div",
        { class: "actions" },
        h("button", { class: "btn btn-primary", attrs: { type: "submit" } }, submitText(action)),
        h("button", { class: "btn btn-secondary", attrs: { type: "button" }, on: { click: () => close(form) } }, t("handling.cancel")),
      ),
    );
    form.hidden = true;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors(form, formAlert);
      try {
        done(await submitting(form, () => send(action, read(form))), action);
      } catch (error) {
        if (error instanceof ApiError && (error.status === 409 || error.status === 403)) await refused(error);
        else showErrors(form, formAlert, error);
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

  function actionButtons(actions: HandlingAction[]): HTMLElement[] {
    if (actions.length === 0) return [h("p", { class: "muted" }, t("handling.noActions"))];
    const forms = actions.filter((a) => a.action !== "sign").map(actionForm);
    const buttons = actions.map((action, index) => {
      const primary = index === 0 ? "btn btn-primary" : "btn btn-secondary";
      if (action.action === "sign") {
        // Signing needs nothing but a click: it is taken at once.
        const button = h("button", { class: primary, attrs: { type: "button" } }, action.label);
        button.addEventListener("click", async () => {
          button.disabled = true;
          try {
            done(await send(action, {}), action);
          } catch (error) {
            button.disabled = false;
            if (error instanceof ApiError && (error.status === 409 || error.status === 403)) await refused(error);
            else {
              replaceChildren(alert, error instanceof ApiError ? error.title : t("errors.unexpected"));
              alert.className = "alert alert-error";
              alert.hidden = false;
              alert.focus();
            }
          }
        });
        return button;
      }
      const form = forms.find((f) => f.id === `action-${action.action}`) as HTMLFormElement;
      return h(
        "button",
        {
          class: primary,
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
    return [h("div", { class: "actions" }, ...buttons), ...forms];
  }

  function render(next: Handling): void {
    view = next;
    const overdue = !!next.dueAt && Date.parse(next.dueAt) < Date.now();
    const unit = next.assignedUnit ? `${next.assignedUnit.name ?? next.assignedUnit.id}（${labelOf("handling.unitKinds", next.assignedUnit.kind)}）` : null;
    const rated =
      next.ratedResolved === null
        ? null
        : t("handling.ratedText", { resolved: labelOf("handling.resolvedText", String(next.ratedResolved)), satisfaction: labelOf("handling.satisfactions", next.satisfaction) });
    replaceChildren(
      body,
      facts([
        [t("handling.state"), statusBadge(next.state, next.stateLabel)],
        [t("handling.unit"), unit],
        [t("handling.urgency"), next.urgency ? urgencyBadge(next.urgency) ?? labelOf("handling.urgencies", next.urgency) : null],
        [deadlineLabel(next.state), deadline(next.dueAt, overdue)],
        [t("handling.escalation"), escalationBadge(next.escalationLevel)],
        [t("handling.replyOutcome"), next.replyOutcome ? labelOf("handling.outcomes", next.replyOutcome) : null],
        [t("handling.replyText"), next.replyText ? h("span", { class: "request-body" }, next.replyText) : null],
        [t("handling.rated"), rated],
      ]),
      h("h3", {}, t("handling.actions")),
      ...actionButtons(next.actions),
      h("h3", {}, t("handling.history")),
      next.history.length > 0 ? timelineList(historyEvents(next.history)) : h("p", { class: "muted" }, t("handling.noHistory")),
    );
  }

  try {
    view = await apiGet<Handling>(path);
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) {
      card.hidden = true;
      return null;
    }
    throw error;
  }
  render(view);
  card.hidden = false;
  return view;
}
