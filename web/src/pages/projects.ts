import { ApiError, apiGet } from "../lib/api";
import { byId, h, replaceChildren } from "../lib/dom";
import { markReady } from "../lib/forms";
import { t } from "../lib/i18n";
import { BoardItem, formatYuan, progress, projectBadge, projectStates, publicPage } from "../lib/projects";

// The public board: every project past proposal, newest step first, filtered by state and batch. The
// board is one small list, so it is read once and filtered here; the filters live in the address so a
// filtered board can be shared.
const form = byId<HTMLFormElement>("board-filter");
const stateSelect = byId<HTMLSelectElement>("filter-state");
const batchSelect = byId<HTMLSelectElement>("filter-batch");
const list = byId("board-list");
let items: BoardItem[] = [];

function cell(labelKey: string, ...content: (Node | string | null)[]): HTMLTableCellElement {
  return h("td", { attrs: { "data-label": t(labelKey) } }, ...content);
}

function row(item: BoardItem): HTMLTableRowElement {
  const href = publicPage(item.id);
  const claimants = item.claimants || item.leadUnitName;
  return h(
    "tr",
    {},
    cell("board.project", h("a", { attrs: { href } }, item.title), item.theme ? h("span", { class: "badge badge-info" }, item.theme) : null),
    cell("board.state", projectBadge(item.state, item.stateLabel)),
    cell("board.batch", item.batch ?? "–"),
    cell("board.claimants", claimants || "–"),
    cell("board.coordinator", item.coordinatorName ?? "–"),
    cell("board.progress", ["executing", "completed", "written_off", "evaluating", "closed"].includes(item.state) ? progress(item.percent, `progress-${item.id}`) : "–"),
    cell("board.budget", formatYuan(item.budget)),
    cell("board.timeline", h("a", { attrs: { href: `${href}#project-timeline`, "aria-label": t("board.timelineOf", { title: item.title }) } }, t("board.timelineLink"))),
  );
}

function fillFilters(): void {
  const params = new URLSearchParams(location.search);
  const states = projectStates.filter((s) => s !== "proposed");
  replaceChildren(
    stateSelect,
    h("option", { attrs: { value: "" } }, t("board.allStates")),
    ...states.map((s) => h("option", { attrs: { value: s, selected: s === params.get("state") } }, t(`projects.states.${s}`))),
  );
  const batches = Array.from(new Set(items.map((i) => i.batch).filter((b): b is string => !!b))).sort();
  replaceChildren(
    batchSelect,
    h("option", { attrs: { value: "" } }, t("board.allBatches")),
    ...batches.map((b) => h("option", { attrs: { value: b, selected: b === params.get("batch") } }, b)),
  );
}

function draw(): void {
  const state = stateSelect.value;
  const batch = batchSelect.value;
  const shown = items.filter((i) => (!state || i.state === state) && (!batch || i.batch === batch));
  replaceChildren(byId("board-count"), t("board.count", { count: shown.length }));
  list.removeAttribute("aria-busy");
  if (shown.length === 0) {
    replaceChildren(list, h("p", { class: "empty-state" }, t(items.length === 0 ? "board.empty" : "board.noMatch")));
    return;
  }
  const header = ["board.project", "board.state", "board.batch", "board.claimants", "board.coordinator", "board.progress", "board.budget", "board.timeline"];
  replaceChildren(
    list,
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "data stack-on-phone" },
        h("thead", {}, h("tr", {}, ...header.map((key) => h("th", { attrs: { scope: "col" } }, t(key))))),
        h("tbody", {}, ...shown.map(row)),
      ),
    ),
  );
}

function apply(): void {
  const params = new URLSearchParams();
  if (stateSelect.value) params.set("state", stateSelect.value);
  if (batchSelect.value) params.set("batch", batchSelect.value);
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
  draw();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  apply();
});
[stateSelect, batchSelect].forEach((select) => select.addEventListener("change", apply));

async function start(): Promise<void> {
  try {
    // A signed-in staff member's board also holds proposals; the public board never shows them.
    items = (await apiGet<BoardItem[]>("/api/projects")).filter((i) => i.state !== "proposed");
    fillFilters();
    draw();
    markReady();
  } catch (error) {
    list.removeAttribute("aria-busy");
    replaceChildren(list, h("p", { class: "error-state", attrs: { role: "alert" } }, error instanceof ApiError ? error.title : t("errors.unexpected")));
  }
}

void start();
