import { apiGet } from "../../lib/api";
import { byId, h, replaceChildren } from "../../lib/dom";
import { formatDateTime } from "../../lib/format";
import { clearErrors, markReady, showErrors, submitting, value } from "../../lib/forms";
import { t } from "../../lib/i18n";
import { load, startShell } from "../../lib/shell";

interface TriageItem {
  code: string;
  displayCode: string;
  title: string;
  theme: string | null;
  department: string | null;
  grade: string | null;
  clusterId: string | null;
  clusterSize: number | null;
  clusterLabel: string[] | string | null;
  receivedAt: string;
  channel: string;
  channelLabel: string;
  duplicateOf: string | null;
}

interface TriageQueue {
  communities: { id: string; name: string }[];
  items: TriageItem[];
}

const form = byId<HTMLFormElement>("triage-filter");
const alert = byId("filter-alert");
const list = byId("triage-list");
const communitySelect = byId<HTMLSelectElement>("filter-community");
const sortSelect = byId<HTMLSelectElement>("filter-sort");

function cell(labelKey: string, ...content: (Node | string | null)[]): HTMLTableCellElement {
  return h("td", { attrs: { "data-label": t(labelKey) } }, ...content);
}

function clusterText(item: TriageItem): string | null {
  if (!item.clusterId || !item.clusterSize || item.clusterSize < 2) return null;
  const label = Array.isArray(item.clusterLabel) ? item.clusterLabel.slice(0, 3).join("、") : item.clusterLabel ?? "";
  return t("triage.clusterOf", { label, size: item.clusterSize });
}

function row(item: TriageItem): HTMLTableRowElement {
  const href = `/admin/request?code=${encodeURIComponent(item.code)}`;
  return h(
    "tr",
    {},
    cell("triage.code", h("a", { class: "code", attrs: { href } }, item.displayCode)),
    cell("triage.requestTitle", h("a", { attrs: { href } }, item.title), item.duplicateOf ? h("span", { class: "badge badge-warning" }, t("triage.possibleDuplicate")) : null),
    cell("triage.theme", item.theme ? h("span", { class: "badge badge-info" }, item.theme) : h("span", { class: "muted" }, t("requests.notYet"))),
    cell("triage.grade", item.grade ?? "–"),
    cell("triage.cluster", clusterText(item) ?? "–"),
    cell("triage.receivedAt", h("time", { attrs: { datetime: item.receivedAt } }, formatDateTime(item.receivedAt))),
    cell("triage.channel", item.channelLabel),
  );
}

async function refresh(): Promise<void> {
  const communityId = value(form, "communityId");
  const sort = value(form, "sort") || "newest";
  const query = new URLSearchParams({ sort });
  if (communityId) query.set("communityId", communityId);
  history.replaceState(null, "", `${location.pathname}?${query.toString()}`);

  const queue = await apiGet<TriageQueue>(`/api/triage?${query.toString()}`);
  const selected = communitySelect.value;
  replaceChildren(
    communitySelect,
    h("option", { attrs: { value: "" } }, t("triage.allCommunities")),
    ...queue.communities.map((c) => h("option", { attrs: { value: c.id, selected: c.id === selected } }, c.name)),
  );
  replaceChildren(byId("triage-count"), t("triage.count", { count: queue.items.length }));
  if (queue.items.length === 0) {
    replaceChildren(list, h("p", { class: "empty-state" }, t("triage.empty")));
    return;
  }
  const header = ["triage.code", "triage.requestTitle", "triage.theme", "triage.grade", "triage.cluster", "triage.receivedAt", "triage.channel"];
  replaceChildren(
    list,
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "data stack-on-phone" },
        h("thead", {}, h("tr", {}, ...header.map((key) => h("th", { attrs: { scope: "col" } }, t(key))))),
        h("tbody", {}, ...queue.items.map(row)),
      ),
    ),
  );
}

async function apply(): Promise<void> {
  clearErrors(form, alert);
  try {
    await submitting(form, refresh);
  } catch (error) {
    showErrors(form, alert, error);
  }
}

void load(byId("main"), async () => {
  if (!(await startShell("triage"))) return;
  const params = new URLSearchParams(location.search);
  const wanted = params.get("communityId");
  if (wanted) replaceChildren(communitySelect, h("option", { attrs: { value: wanted, selected: true } }, wanted));
  if (params.get("sort") === "hottest") sortSelect.value = "hottest";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void apply();
  });
  // Choosing a filter shows the list at once; the button is there for keyboards and as a refresh.
  communitySelect.addEventListener("change", () => void apply());
  sortSelect.addEventListener("change", () => void apply());
  await refresh();
  markReady();
});
