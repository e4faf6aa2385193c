import { apiGet } from "../../lib/api";
import { byId, h, replaceChildren } from "../../lib/dom";
import { formatDateTime } from "../../lib/format";
import { deadline, EscalationInbox, EscalationItem, escalationBadge, labelOf, requestPage } from "../../lib/handling";
import { t } from "../../lib/i18n";
import { statusBadge } from "../../lib/requests";
import { load, startShell } from "../../lib/shell";

const container = byId("escalations");

function cell(labelKey: string, ...content: (Node | string | null)[]): HTMLTableCellElement {
  return h("td", { attrs: { "data-label": t(labelKey) } }, ...content);
}

function row(item: EscalationItem): HTMLTableRowElement {
  // Requests open on the staff request page, micro-projects on theirs (the key is "{projectId}|{subject}").
  const isProject = item.lifecycle === "project";
  const href = isProject ? `/admin/project?id=${encodeURIComponent(item.key.split("|")[0])}&from=escalations` : requestPage(item.key, "escalations");
  const link = (text: string, className?: string) => h("a", { class: className, attrs: { href } }, text);
  return h(
    "tr",
    {},
    cell("escalations.code", link(item.displayCode, "code")),
    cell("escalations.requestTitle", link(item.title)),
    cell("escalations.level", escalationBadge(item.level)),
    cell("escalations.reason", item.reason),
    cell("escalations.unit", item.unitName ?? "–"),
    cell("escalations.state", statusBadge(item.state, labelOf(isProject ? "projects.states" : "handling.states", item.state))),
    cell("escalations.escalatedAt", h("time", { attrs: { datetime: item.escalatedAt } }, formatDateTime(item.escalatedAt))),
    cell("escalations.dueAt", deadline(item.dueAt, false) ?? "–"),
  );
}

function inboxCard(inbox: EscalationInbox, index: number): HTMLElement {
  const titleId = `inbox-title-${index}`;
  // Highest level first; within a level, the longest waiting first.
  const items = [...inbox.items].sort((a, b) => b.level - a.level || Date.parse(a.escalatedAt) - Date.parse(b.escalatedAt));
  const header = ["escalations.code", "escalations.requestTitle", "escalations.level", "escalations.reason", "escalations.unit", "escalations.state", "escalations.escalatedAt", "escalations.dueAt"];
  return h(
    "section",
    { class: "card", attrs: { "aria-labelledby": titleId } },
    h("h2", { id: titleId }, inbox.label),
    h("p", { class: "muted" }, t("escalations.count", { count: items.length })),
    items.length === 0
      ? h("p", { class: "empty-state" }, t("escalations.empty"))
      : h(
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

void load(container, async () => {
  if (!(await startShell("escalations"))) return;
  const inboxes = await apiGet<EscalationInbox[]>("/api/escalations");
  replaceChildren(container, ...(inboxes.length === 0 ? [h("p", { class: "empty-state" }, t("escalations.none"))] : inboxes.map(inboxCard)));
});
