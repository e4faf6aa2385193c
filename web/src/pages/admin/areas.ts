import { apiGet, apiSend } from "../../lib/api";
import { byId, h, replaceChildren } from "../../lib/dom";
import { clearErrors, markReady, showErrors, showSuccess, submitting, value } from "../../lib/forms";
import { t } from "../../lib/i18n";
import { TownView } from "../../lib/registry";
import { openRename, wireRename } from "../../lib/rename";
import { load, startShell } from "../../lib/shell";

const tree = byId("area-tree");
const status = byId("page-status");
const townSelect = byId<HTMLSelectElement>("community-town");

function renameButton(label: string, path: string, name: string): HTMLButtonElement {
  return h(
    "button",
    { class: "btn btn-secondary btn-small", attrs: { type: "button", "aria-label": `${t("areas.rename")} ${label}` }, on: { click: () => openRename(path, name, refresh) } },
    t("areas.rename"),
  );
}

async function refresh(): Promise<void> {
  const towns = await apiGet<TownView[]>("/api/areas");
  const selected = townSelect.value;
  replaceChildren(townSelect, ...towns.map((town) => h("option", { attrs: { value: town.id, selected: town.id === selected } }, town.name)));
  if (towns.length === 0) {
    replaceChildren(tree, h("p", { class: "empty-state" }, t("areas.empty")));
    return;
  }
  replaceChildren(
    tree,
    ...towns.map((town) =>
      h(
        "section",
        { class: "town" },
        h(
          "div",
          { class: "town-heading" },
          h("h3", {}, town.name, " ", h("span", { class: "badge badge-info" }, t("areas.communityCount", { count: town.communities.length }))),
          renameButton(town.name, `/api/admin/towns/${encodeURIComponent(town.id)}`, town.name),
        ),
        town.communities.length === 0
          ? h("p", { class: "muted" }, t("areas.noCommunities"))
          : h(
              "ul",
              { class: "plain-list" },
              ...town.communities.map((community) =>
                h("li", {}, h("span", {}, community.name), renameButton(community.name, `/api/admin/communities/${encodeURIComponent(community.id)}`, community.name)),
              ),
            ),
      ),
    ),
  );
}

function wireAdd(formId: string, alertId: string, path: string, body: (form: HTMLFormElement) => Record<string, string>): void {
  const form = byId<HTMLFormElement>(formId);
  const alert = byId(alertId);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, alert);
    const input = body(form);
    try {
      await submitting(form, () => apiSend("POST", path, input));
      (form.elements.namedItem("name") as HTMLInputElement).value = "";
      showSuccess(alert, t("areas.added", { name: input.name }));
      await refresh();
    } catch (error) {
      showErrors(form, alert, error);
    }
  });
}

void load(byId("main"), async () => {
  if (!(await startShell("areas"))) return;
  wireAdd("add-town", "town-alert", "/api/admin/towns", (form) => ({ name: value(form, "name") }));
  wireAdd("add-community", "community-alert", "/api/admin/communities", (form) => ({ name: value(form, "name"), townId: value(form, "townId") }));
  wireRename(status, "areas.renamed");
  await refresh();
  markReady();
});
