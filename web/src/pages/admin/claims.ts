import { ApiError, apiGet, apiSend } from "../../lib/api";
import { append, byId, h, replaceChildren } from "../../lib/dom";
import { clearErrors, showErrors, showSuccess, submitting } from "../../lib/forms";
import { t } from "../../lib/i18n";
import { ActionFields } from "../../lib/project-fields";
import { claimFields } from "../../lib/project-forms";
import { actionPath, BoardItem, formatYuan, progress, Project, projectBadge, staffPage, time } from "../../lib/projects";
import { Me } from "../../lib/session";
import { load, startShell } from "../../lib/shell";

// The claim portal (认领) of a social unit: its own projects first (where it leads or takes part, with
// the way to report progress and completion), then the published projects open for claims, each
// claimed with a pledge in the form below the list.
const alert = byId("claims-alert");
const claimCard = byId("claim-card");
const claimForm = byId<HTMLFormElement>("claim-form");
const claimAlert = byId("claim-form-alert");
let chosen: { item: BoardItem; read: ActionFields["body"] } | null = null;

function cell(labelKey: string, ...content: (Node | string | null)[]): HTMLTableCellElement {
  return h("td", { attrs: { "data-label": t(labelKey) } }, ...content);
}

function table(header: string[], rows: HTMLTableRowElement[]): HTMLElement {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "data stack-on-phone" },
      h("thead", {}, h("tr", {}, ...header.map((key) => h("th", { attrs: { scope: "col" } }, t(key))))),
      h("tbody", {}, ...rows),
    ),
  );
}

/** The board names claimants, so "ours" is found by the unit's name: as lead, or among the confirmed claimants. */
function role(item: BoardItem, unitName: string): "lead" | "member" | null {
  if (item.leadUnitName === unitName) return "lead";
  return (item.claimants ?? "").split("、").includes(unitName) ? "member" : null;
}

function mineRow(item: BoardItem, unitName: string): HTMLTableRowElement {
  const href = staffPage(item.id, "claims");
  const lead = role(item, unitName) === "lead";
  const next = lead && item.state === "executing" ? t("claims.reportNow") : t("claims.view");
  return h(
    "tr",
    {},
    cell("board.project", h("a", { attrs: { href } }, item.title)),
    cell("board.state", projectBadge(item.state, item.stateLabel)),
    cell("claims.role", t(lead ? "claims.roleLead" : "claims.roleMember")),
    cell("board.progress", progress(item.percent, `mine-progress-${item.id}`)),
    cell("claims.actions", h("a", { class: `btn btn-small ${lead && item.state === "executing" ? "btn-primary" : "btn-secondary"}`, attrs: { href: `${href}#actions-card`, "aria-label": `${next}：${item.title}` } }, next)),
  );
}

function openRow(item: BoardItem): HTMLTableRowElement {
  const button = h("button", { class: "btn btn-primary btn-small", attrs: { type: "button", "aria-label": t("claims.claimNamed", { title: item.title }), "aria-controls": "claim-card" } }, t("claims.claim"));
  button.addEventListener("click", () => openClaim(item));
  return h(
    "tr",
    {},
    cell("board.project", h("a", { attrs: { href: staffPage(item.id, "claims") } }, item.title), item.theme ? h("span", { class: "badge badge-info" }, item.theme) : null),
    cell("board.batch", item.batch ?? "–"),
    cell("board.budget", formatYuan(item.budget)),
    cell("claims.deadline", time(item.claimDeadline) ?? "–"),
    cell("board.claimants", item.claimants || "–"),
    cell("claims.actions", button),
  );
}

function openClaim(item: BoardItem): void {
  clearErrors(claimForm, claimAlert);
  const { fields, body } = claimFields();
  chosen = { item, read: body };
  replaceChildren(byId("claim-title"), t("claims.formTitle", { title: item.title }));
  replaceChildren(claimForm);
  append(
    claimForm,
    ...fields,
    h(
      "div",
      { class: "actions" },
      h("button", { class: "btn btn-primary", attrs: { type: "submit" } }, t("claims.submit")),
      h("button", { class: "btn btn-secondary", attrs: { type: "button" }, on: { click: closeClaim } }, t("projectActions.cancel")),
    ),
  );
  claimCard.hidden = false;
  claimForm.querySelector<HTMLElement>("select")?.focus();
}

function closeClaim(): void {
  claimCard.hidden = true;
  chosen = null;
}

async function refresh(me: Me): Promise<void> {
  const unitName = me.scope.name ?? "";
  const board = await apiGet<BoardItem[]>("/api/projects");
  const mine = board.filter((item) => role(item, unitName) !== null);
  replaceChildren(
    byId("mine-list"),
    mine.length === 0 ? h("p", { class: "empty-state" }, t("claims.mineEmpty")) : table(["board.project", "board.state", "claims.role", "board.progress", "claims.actions"], mine.map((i) => mineRow(i, unitName))),
  );
  const open = board.filter((item) => item.state === "published" || item.state === "claimed");
  replaceChildren(
    byId("open-list"),
    open.length === 0
      ? h("p", { class: "empty-state" }, t("claims.openEmpty"))
      : table(["board.project", "board.batch", "board.budget", "claims.deadline", "board.claimants", "claims.actions"], open.map(openRow)),
  );
}

void load(byId("main"), async () => {
  const me = await startShell("claims");
  if (!me) return;
  replaceChildren(byId("claims-unit"), t("claims.unit", { name: me.scope.name ?? "–" }));
  claimForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!chosen) return;
    const { item, read } = chosen;
    clearErrors(claimForm, claimAlert);
    try {
      await submitting(claimForm, async () => apiSend<Project>("POST", actionPath(item.id, "claim"), await read(claimForm)));
      closeClaim();
      await refresh(me);
      showSuccess(alert, t("claims.claimed", { title: item.title }));
      alert.focus();
    } catch (error) {
      if (error instanceof ApiError && (error.status === 409 || error.status === 403)) {
        replaceChildren(claimAlert, error.title);
        claimAlert.className = "alert alert-error";
        claimAlert.hidden = false;
        claimAlert.focus();
      } else {
        showErrors(claimForm, claimAlert, error);
      }
    }
  });
  await refresh(me);
});
