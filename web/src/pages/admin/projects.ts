import { ApiError, apiGet, apiSend } from "../../lib/api";
import { wireClusterPicker } from "../../lib/cluster-picker";
import { byId, h, replaceChildren } from "../../lib/dom";
import { formatDateTime } from "../../lib/format";
import { clearErrors, markReady, showErrors, submitting, value } from "../../lib/forms";
import { EscalationInbox, EscalationItem } from "../../lib/handling";
import { t } from "../../lib/i18n";
import { BoardItem, formatYuan, Project, projectBadge, projectStates, projectThemes, staffPage } from "../../lib/projects";
import { TownView } from "../../lib/registry";
import { newIdempotencyKey } from "../../lib/request-form";
import { normalizeCode } from "../../lib/requests";
import { Me } from "../../lib/session";
import { load, startShell } from "../../lib/shell";

// The staff board of micro-projects: the coordinator's 督办 (escalated projects) first, the board with
// filters, and the form that proposes a project from residents' requests or a hot cluster (?cluster=ID).
const list = byId("project-list");
const filter = byId<HTMLFormElement>("project-filter");
const selects = { state: byId<HTMLSelectElement>("filter-state"), batch: byId<HTMLSelectElement>("filter-batch"), theme: byId<HTMLSelectElement>("filter-theme") };
const proposeForm = byId<HTMLFormElement>("propose-form");
const proposeAlert = byId("propose-alert");
let items: BoardItem[] = [];

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

function boardRow(item: BoardItem): HTMLTableRowElement {
  const href = staffPage(item.id);
  return h(
    "tr",
    {},
    cell("board.project", h("a", { attrs: { href } }, item.title), item.escalations > 0 ? h("span", { class: "badge badge-danger" }, t("adminProjects.escalated", { count: item.escalations })) : null),
    cell("board.state", projectBadge(item.state, item.stateLabel)),
    cell("board.batch", item.batch ?? "–"),
    cell("projects.theme", item.theme ?? "–"),
    cell("projects.supports", String(item.supports)),
    cell("board.claimants", item.claimants || item.leadUnitName || "–"),
    cell("board.coordinator", item.coordinatorName ?? "–"),
    cell("board.progress", `${item.percent}%`),
    cell("board.budget", formatYuan(item.budget)),
  );
}

function fillFilters(): void {
  const options = (select: HTMLSelectElement, allKey: string, entries: [string, string][]) => {
    const current = select.value;
    replaceChildren(select, h("option", { attrs: { value: "" } }, t(allKey)), ...entries.map(([v, text]) => h("option", { attrs: { value: v, selected: v === current } }, text)));
  };
  options(selects.state, "board.allStates", projectStates.map((s) => [s, t(`projects.states.${s}`)]));
  options(selects.batch, "board.allBatches", Array.from(new Set(items.map((i) => i.batch).filter((b): b is string => !!b))).sort().map((b) => [b, b]));
  options(selects.theme, "adminProjects.allThemes", projectThemes.map((theme) => [theme, theme]));
}

function draw(): void {
  const { state, batch, theme } = { state: selects.state.value, batch: selects.batch.value, theme: selects.theme.value };
  const shown = items.filter((i) => (!state || i.state === state) && (!batch || i.batch === batch) && (!theme || i.theme === theme));
  replaceChildren(byId("project-count"), t("board.count", { count: shown.length }));
  const header = ["board.project", "board.state", "board.batch", "projects.theme", "projects.supports", "board.claimants", "board.coordinator", "board.progress", "board.budget"];
  replaceChildren(list, shown.length === 0 ? h("p", { class: "empty-state" }, t(items.length === 0 ? "adminProjects.empty" : "board.noMatch")) : table(header, shown.map(boardRow)));
}

async function refresh(): Promise<void> {
  items = await apiGet<BoardItem[]>("/api/projects");
  fillFilters();
  draw();
}

function escalationRow(item: EscalationItem): HTMLTableRowElement {
  const id = item.key.split("|")[0];
  return h(
    "tr",
    {},
    cell("board.project", h("a", { attrs: { href: staffPage(id, "escalations") } }, item.title)),
    cell("adminProjects.escalationReason", item.reason),
    cell("projects.lead", item.unitName ?? "–"),
    cell("adminProjects.escalatedAt", h("time", { attrs: { datetime: item.escalatedAt } }, formatDateTime(item.escalatedAt))),
  );
}

/** The coordinator's inbox (我协调的项目): projects whose claim window, milestone or weekly report ran out. */
async function showEscalations(): Promise<void> {
  const inboxes = await apiGet<EscalationInbox[]>("/api/escalations");
  const projectItems = inboxes.flatMap((inbox) => inbox.items).filter((item) => item.lifecycle === "project");
  const card = byId("escalation-card");
  card.hidden = false;
  replaceChildren(
    byId("escalation-list"),
    projectItems.length === 0
      ? h("p", { class: "empty-state" }, t("adminProjects.noEscalations"))
      : table(["board.project", "adminProjects.escalationReason", "projects.lead", "adminProjects.escalatedAt"], projectItems.map(escalationRow)),
  );
}

/** Communities of the chosen town as checkboxes; a town worker proposes only in their own town. */
function wireProposeAreas(towns: TownView[], me: Me): void {
  const townSelect = byId<HTMLSelectElement>("propose-town");
  const box = byId("propose-communities");
  const choices = towns.filter((town) => town.communities.length > 0 && (me.scope.kind !== "town" || town.id === me.scope.id));
  replaceChildren(
    townSelect,
    h("option", { attrs: { value: "" } }, t("request.chooseTown")),
    ...choices.map((town) => h("option", { attrs: { value: town.id, selected: choices.length === 1 } }, town.name)),
  );
  const fill = () => {
    const town = choices.find((c) => c.id === townSelect.value);
    replaceChildren(
      box,
      h("legend", {}, t("adminProjects.communities")),
      ...(town
        ? town.communities.map((c) => h("label", { class: "choice-option" }, h("input", { id: `community-${c.id}`, attrs: { type: "checkbox", name: "communityIds", value: c.id } }), ` ${c.name}`))
        : [h("p", { class: "muted" }, t("request.chooseTownFirst"))]),
    );
  };
  townSelect.addEventListener("change", fill);
  fill();
}

function wirePropose(me: Me, towns: TownView[]): void {
  byId("propose-card").hidden = false;
  replaceChildren(
    byId<HTMLSelectElement>("propose-theme"),
    h("option", { attrs: { value: "" } }, t("adminProjects.chooseTheme")),
    ...projectThemes.map((theme) => h("option", { attrs: { value: theme } }, theme)),
  );
  wireProposeAreas(towns, me);
  // Codes can come with the address (?codes=A,B) from a list of requests, or be typed one per line.
  const params = new URLSearchParams(location.search);
  const codes = params.get("codes");
  if (codes) byId<HTMLTextAreaElement>("propose-linked").value = codes.split(",").join("\n");
  const picker = byId<HTMLFieldSetElement>("propose-clusters");
  void wireClusterPicker(proposeForm, picker, params.get("cluster")).finally(() => picker.removeAttribute("aria-busy"));
  const idempotencyKey = newIdempotencyKey(); // One per filled-in form: a double tap proposes one project.
  proposeForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(proposeForm, proposeAlert);
    const budget = value(proposeForm, "budget");
    const body = {
      title: value(proposeForm, "title"),
      description: value(proposeForm, "description"),
      theme: value(proposeForm, "theme") || null,
      communityIds: Array.from(proposeForm.querySelectorAll<HTMLInputElement>("input[name=communityIds]:checked")).map((box) => box.value),
      budget: budget === "" ? null : Number(budget),
      linkedRequests: value(proposeForm, "linkedRequests").split(/[\s,，、;；]+/).map(normalizeCode).filter(Boolean),
      clusterId: value(proposeForm, "clusterId") || null,
      idempotencyKey,
    };
    try {
      const project = await submitting(proposeForm, () => apiSend<Project>("POST", "/api/projects", body));
      location.assign(staffPage(project.id));
    } catch (error) {
      showErrors(proposeForm, proposeAlert, error);
    }
  });
}

void load(byId("main"), async () => {
  const me = await startShell("projects");
  if (!me) return;
  filter.addEventListener("submit", (event) => {
    event.preventDefault();
    draw();
  });
  Object.values(selects).forEach((select) => select.addEventListener("change", draw));
  await refresh();
  if (me.capabilities.includes("coordinate_projects") && me.capabilities.includes("supervise_escalations")) {
    await showEscalations().catch((error: unknown) => {
      byId("escalation-card").hidden = false;
      replaceChildren(byId("escalation-list"), h("p", { class: "error-state", attrs: { role: "alert" } }, error instanceof ApiError ? error.title : t("errors.unexpected")));
    });
  }
  if (me.capabilities.includes("manage_projects")) wirePropose(me, await apiGet<TownView[]>("/api/areas"));
  markReady();
});
