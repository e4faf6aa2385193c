import { ApiError, apiGet, apiSend } from "../../lib/api";
import { byId, h, replaceChildren } from "../../lib/dom";
import { formatDateTime } from "../../lib/format";
import { markReady, showSuccess } from "../../lib/forms";
import { actionPath, deadline, escalationBadge, Handling, InboxItem, mostUrgentFirst, requestPage, UnitInbox, urgencyBadge } from "../../lib/handling";
import { t } from "../../lib/i18n";
import { statusBadge } from "../../lib/requests";
import { load, startShell } from "../../lib/shell";

const list = byId("inbox-list");
const alert = byId("inbox-alert");

function cell(labelKey: string, ...content: (Node | string | null)[]): HTMLTableCellElement {
  return h("td", { attrs: { "data-label": t(labelKey) } }, ...content);
}

function showError(message: string): void {
  replaceChildren(alert, message);
  alert.className = "alert alert-error";
  alert.hidden = false;
  alert.focus();
}

/** Signs for a request straight from the list, sending the version the list showed. */
async function sign(item: InboxItem, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  try {
    const view = await apiSend<Handling>("POST", actionPath(item.code, "sign"), { version: item.version });
    await refresh();
    showSuccess(alert, t("inbox.signed", { code: item.displayCode, due: formatDateTime(view.dueAt) }));
    alert.focus();
  } catch (error) {
    button.disabled = false;
    showError(error instanceof ApiError ? error.title : t("errors.unexpected"));
    if (error instanceof ApiError && (error.status === 409 || error.status === 403)) await refresh();
  }
}

function actions(item: InboxItem): HTMLElement {
  const href = requestPage(item.code, "inbox");
  if (item.state === "dispatched") {
    const button = h("button", { class: "btn btn-primary btn-small", attrs: { type: "button", "aria-label": t("inbox.signNamed", { code: item.displayCode }) } }, t("inbox.sign"));
    button.addEventListener("click", () => void sign(item, button));
    return h("div", { class: "actions" }, button, h("a", { class: "btn btn-secondary btn-small", attrs: { href } }, t("inbox.view")));
  }
  return h("div", { class: "actions" }, h("a", { class: "btn btn-secondary btn-small", attrs: { href, "aria-label": t("inbox.handleNamed", { code: item.displayCode }) } }, t("inbox.handle")));
}

function row(item: InboxItem): HTMLTableRowElement {
  const href = requestPage(item.code, "inbox");
  return h(
    "tr",
    {},
    cell("inbox.code", h("a", { class: "code", attrs: { href } }, item.displayCode)),
    cell("inbox.requestTitle", h("span", {}, h("a", { attrs: { href } }, item.title), urgencyBadge(item.urgency), escalationBadge(item.escalationLevel))),
    cell("inbox.state", statusBadge(item.state, item.stateLabel)),
    cell("inbox.grade", item.grade ?? "–"),
    cell("inbox.dueAt", deadline(item.dueAt, item.overdue) ?? "–"),
    cell("inbox.actions", actions(item)),
  );
}

async function refresh(): Promise<void> {
  const inbox = await apiGet<UnitInbox>("/api/handling/inbox");
  replaceChildren(byId("inbox-unit"), t("inbox.unit", { name: inbox.unit.name ?? inbox.unit.id }));
  const items = [...inbox.items].sort(mostUrgentFirst);
  const overdue = items.filter((item) => item.overdue).length;
  replaceChildren(byId("inbox-count"), overdue > 0 ? t("inbox.countOverdue", { count: items.length, overdue }) : t("inbox.count", { count: items.length }));
  if (items.length === 0) {
    replaceChildren(list, h("p", { class: "empty-state" }, t("inbox.empty")));
    return;
  }
  const header = ["inbox.code", "inbox.requestTitle", "inbox.state", "inbox.grade", "inbox.dueAt", "inbox.actions"];
  replaceChildren(
    list,
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "data stack-on-phone" },
        h("thead", {}, h("tr", {}, ...header.map((key) => h("th", { attrs: { scope: "col" } }, t(key))))),
        h("tbody", {}, ...items.map(row)),
      ),
    ),
  );
}

void load(byId("main"), async () => {
  if (!(await startShell("inbox"))) return;
  byId("inbox-refresh").addEventListener("click", () => {
    alert.hidden = true;
    void refresh().catch((error: unknown) => showError(error instanceof ApiError ? error.title : t("errors.unexpected")));
  });
  await refresh();
  markReady();
});
