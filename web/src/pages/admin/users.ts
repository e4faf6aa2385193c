import { apiGet, apiSend } from "../../lib/api";
import { byId, h, replaceChildren } from "../../lib/dom";
import { clearErrors, markReady, rawValue, showErrors, showSuccess, submitting, value } from "../../lib/forms";
import { t } from "../../lib/i18n";
import { fillScopeSelect, loadRegistry, Registry } from "../../lib/registry";
import { load, startShell } from "../../lib/shell";

interface RoleView {
  name: string;
  label: string;
  scopeKind: string;
}

interface UserView {
  username: string;
  displayName: string;
  role: string;
  roleLabel: string;
  scopeKind: string;
  scopeId: string | null;
  scopeName: string | null;
  disabled: boolean;
}

const list = byId("users-list");
const status = byId("page-status");
let roles: RoleView[] = [];
let registry: Registry;
let editing: UserView | null = null;

function fillRoles(select: HTMLSelectElement, selected: string | null): void {
  replaceChildren(
    select,
    h("option", { attrs: { value: "" } }, t("users.chooseRole")),
    ...roles.map((role) => h("option", { attrs: { value: role.name, selected: role.name === selected } }, role.label)),
  );
}

function linkRoleToScope(roleSelect: HTMLSelectElement, scopeSelect: HTMLSelectElement): void {
  roleSelect.addEventListener("change", () => fillScopeSelect(scopeSelect, roles.find((r) => r.name === roleSelect.value)?.scopeKind ?? "none", registry));
}

async function refresh(): Promise<void> {
  const users = await apiGet<UserView[]>("/api/admin/users");
  if (users.length === 0) {
    replaceChildren(list, h("p", { class: "empty-state" }, t("users.empty")));
    return;
  }
  const header = ["users.username", "users.displayName", "users.role", "users.scope", "users.status", "users.actions"];
  replaceChildren(
    list,
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "data stack-on-phone" },
        h("thead", {}, h("tr", {}, ...header.map((key) => h("th", { attrs: { scope: "col" } }, t(key))))),
        h("tbody", {}, ...users.map(row)),
      ),
    ),
  );
}

function cell(labelKey: string, ...content: (Node | string)[]): HTMLTableCellElement {
  return h("td", { attrs: { "data-label": t(labelKey) } }, ...content);
}

function row(user: UserView): HTMLTableRowElement {
  return h(
    "tr",
    {},
    cell("users.username", user.username),
    cell("users.displayName", user.displayName),
    cell("users.role", user.roleLabel),
    cell("users.scope", user.scopeName ?? t(`scopeKinds.${user.scopeKind}`)),
    cell("users.status", h("span", { class: user.disabled ? "badge badge-muted" : "badge badge-success" }, t(user.disabled ? "users.disabled" : "users.active"))),
    cell(
      "users.actions",
      h(
        "div",
        { class: "actions" },
        h("button", { class: "btn btn-secondary btn-small", attrs: { type: "button", "aria-label": `${t("users.edit")} ${user.username}` }, on: { click: () => openEdit(user) } }, t("users.edit")),
        h("button", { class: "btn btn-secondary btn-small", attrs: { type: "button", "aria-label": `${t("users.resetPassword")} ${user.username}` }, on: { click: () => openPassword(user) } }, t("users.resetPassword")),
        h(
          "button",
          { class: user.disabled ? "btn btn-secondary btn-small" : "btn btn-danger btn-small", attrs: { type: "button", "aria-label": `${t(user.disabled ? "users.enable" : "users.disable")} ${user.username}` }, on: { click: () => toggle(user) } },
          t(user.disabled ? "users.enable" : "users.disable"),
        ),
      ),
    ),
  );
}

async function toggle(user: UserView): Promise<void> {
  try {
    await apiSend("PATCH", `/api/admin/users/${encodeURIComponent(user.username)}`, { disabled: !user.disabled });
    showSuccess(status, t("users.saved"));
    await refresh();
  } catch (error) {
    replaceChildren(status, error instanceof Error ? error.message : String(error));
    status.className = "alert alert-error";
    status.hidden = false;
    status.focus();
  }
}

function openEdit(user: UserView): void {
  editing = user;
  const form = byId<HTMLFormElement>("edit-user");
  clearErrors(form, byId("edit-alert"));
  replaceChildren(byId("edit-title"), t("users.editTitle", { username: user.username }));
  byId<HTMLInputElement>("edit-displayName").value = user.displayName;
  fillRoles(byId<HTMLSelectElement>("edit-role"), user.role);
  fillScopeSelect(byId<HTMLSelectElement>("edit-scopeId"), user.scopeKind, registry, user.scopeId);
  byId<HTMLDialogElement>("edit-dialog").showModal();
}

function openPassword(user: UserView): void {
  editing = user;
  const form = byId<HTMLFormElement>("reset-password");
  form.reset();
  clearErrors(form, byId("password-alert"));
  replaceChildren(byId("password-title"), t("users.resetTitle", { username: user.username }));
  byId<HTMLDialogElement>("password-dialog").showModal();
}

function wireDialogs(): void {
  document.querySelectorAll<HTMLButtonElement>("dialog [data-close]").forEach((button) =>
    button.addEventListener("click", () => button.closest("dialog")?.close()),
  );
  linkRoleToScope(byId<HTMLSelectElement>("edit-role"), byId<HTMLSelectElement>("edit-scopeId"));

  const edit = byId<HTMLFormElement>("edit-user");
  edit.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!editing) return;
    try {
      await submitting(edit, () =>
        apiSend("PATCH", `/api/admin/users/${encodeURIComponent(editing!.username)}`, {
          displayName: value(edit, "displayName"),
          role: value(edit, "role"),
          scopeId: value(edit, "scopeId") || null,
        }),
      );
      byId<HTMLDialogElement>("edit-dialog").close();
      showSuccess(status, t("users.saved"));
      await refresh();
    } catch (error) {
      showErrors(edit, byId("edit-alert"), error);
    }
  });

  const reset = byId<HTMLFormElement>("reset-password");
  reset.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!editing) return;
    try {
      await submitting(reset, () => apiSend("POST", `/api/admin/users/${encodeURIComponent(editing!.username)}/password`, { password: rawValue(reset, "password") }));
      byId<HTMLDialogElement>("password-dialog").close();
      showSuccess(status, t("users.passwordReset", { username: editing.username }));
    } catch (error) {
      showErrors(reset, byId("password-alert"), error);
    }
  });
}

function wireCreate(): void {
  const form = byId<HTMLFormElement>("create-user");
  const alert = byId("create-alert");
  const roleSelect = byId<HTMLSelectElement>("new-role");
  fillRoles(roleSelect, null);
  fillScopeSelect(byId<HTMLSelectElement>("new-scopeId"), "none", registry);
  linkRoleToScope(roleSelect, byId<HTMLSelectElement>("new-scopeId"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, alert);
    try {
      const created = await submitting(form, () =>
        apiSend<UserView>("POST", "/api/admin/users", {
          username: value(form, "username"),
          displayName: value(form, "displayName"),
          role: value(form, "role"),
          scopeId: value(form, "scopeId") || null,
          password: rawValue(form, "password"),
        }),
      );
      form.reset();
      fillScopeSelect(byId<HTMLSelectElement>("new-scopeId"), "none", registry);
      showSuccess(alert, t("users.created", { username: created.username }));
      await refresh();
    } catch (error) {
      showErrors(form, alert, error);
    }
  });
}

void load(byId("main"), async () => {
  if (!(await startShell("users"))) return;
  [roles, registry] = await Promise.all([apiGet<RoleView[]>("/api/admin/roles"), loadRegistry()]);
  wireCreate();
  wireDialogs();
  await refresh();
  markReady();
});
