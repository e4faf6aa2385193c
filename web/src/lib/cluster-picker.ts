// 从热点聚类提议: the propose form's picker of hot topic clusters (GET /api/projects/clusters). Choosing one fills
// in a suggested title, the theme, the town and communities and the tracking codes of its requests that can
// still be merged — all editable — and the form sends the cluster's id with the proposal.
import { ApiError, apiGet } from "./api";
import { h, replaceChildren } from "./dom";
import { t } from "./i18n";
import { projectThemes } from "./projects";

export interface ClusterMember {
  code: string;
  displayCode: string;
  title: string;
  communityId: string;
  communityName: string | null;
  townId: string;
  status: string;
  statusLabel: string;
  theme: string | null;
  receivedAt: string;
}

export interface ClusterCandidate {
  id: string;
  label: string[];
  size: number;
  heat: number;
  theme: string | null;
  membersInScope: number;
  moreMembers: boolean;
  members: ClusterMember[];
}

export function clusterLabel(candidate: ClusterCandidate, phrases = 3): string {
  return candidate.label.slice(0, phrases).join("、") || candidate.id;
}

/** The town with most of the cluster's requests: a project serves the communities of one town. */
function mainTown(members: ClusterMember[]): string | null {
  const counts = new Map<string, number>();
  members.forEach((m) => counts.set(m.townId, (counts.get(m.townId) ?? 0) + 1));
  return Array.from(counts.entries()).sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

function option(candidate: ClusterCandidate, checked: boolean): HTMLLabelElement {
  const stats = candidate.members.length > 0
    ? t("adminProjects.clusterStats", { size: candidate.size, count: candidate.members.length, heat: candidate.heat.toFixed(1) })
    : t("adminProjects.clusterNothingInScope", { size: candidate.size });
  return h(
    "label",
    { class: "choice-option cluster-option" },
    h("input", { id: `cluster-${candidate.id}`, attrs: { type: "radio", name: "clusterId", value: candidate.id, checked } }),
    h("span", {}, h("strong", {}, clusterLabel(candidate, 5)), h("span", { class: "muted cluster-stats" }, stats)),
  );
}

function memberList(candidate: ClusterCandidate, members: ClusterMember[]): HTMLElement {
  return h(
    "details",
    { class: "cluster-members" },
    h("summary", {}, t("adminProjects.clusterMembers", { count: members.length })),
    h(
      "ul",
      {},
      ...members.map((m) => h("li", {}, h("span", { class: "code" }, m.displayCode), ` ${m.communityName ?? ""} · ${m.title}（${m.statusLabel}）`)),
    ),
    candidate.moreMembers ? h("p", { class: "muted" }, t("adminProjects.clusterMore", { count: members.length })) : null,
  );
}

/**
 * Fills the form from a cluster. The title and theme are only suggestions: a title the person typed is kept.
 * Returns the members linked (those of the main town).
 */
function fill(form: HTMLFormElement, candidate: ClusterCandidate, previousTitle: string): ClusterMember[] {
  const title = form.elements.namedItem("title") as HTMLInputElement;
  if (title.value.trim() === "" || title.value === previousTitle) {
    title.value = t("adminProjects.clusterTitle", { label: clusterLabel(candidate) }).slice(0, 60);
  }
  const theme = form.elements.namedItem("theme") as HTMLSelectElement;
  if (candidate.theme && projectThemes.includes(candidate.theme)) theme.value = candidate.theme;
  const town = mainTown(candidate.members);
  const members = candidate.members.filter((m) => m.townId === town);
  const townSelect = form.elements.namedItem("townId") as HTMLSelectElement;
  if (town && Array.from(townSelect.options).some((o) => o.value === town) && townSelect.value !== town) {
    townSelect.value = town;
    townSelect.dispatchEvent(new Event("change"));
  }
  const communities = new Set(members.map((m) => m.communityId));
  form.querySelectorAll<HTMLInputElement>("input[name=communityIds]").forEach((box) => (box.checked = communities.has(box.value)));
  (form.elements.namedItem("linkedRequests") as HTMLTextAreaElement).value = members.map((m) => m.displayCode).join("\n");
  return members;
}

async function load(wanted: string | null): Promise<{ candidates: ClusterCandidate[]; missing: boolean }> {
  if (!wanted) return { candidates: await apiGet<ClusterCandidate[]>("/api/projects/clusters"), missing: false };
  try {
    return { candidates: await apiGet<ClusterCandidate[]>(`/api/projects/clusters?cluster=${encodeURIComponent(wanted)}`), missing: false };
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    return { candidates: await apiGet<ClusterCandidate[]>("/api/projects/clusters"), missing: true };
  }
}

/** Loads the candidates into the picker (a fieldset of the form); `wanted` (from ?cluster=) is read fresh and chosen. */
export async function wireClusterPicker(form: HTMLFormElement, box: HTMLFieldSetElement, wanted: string | null): Promise<void> {
  let loaded: { candidates: ClusterCandidate[]; missing: boolean };
  try {
    loaded = await load(wanted);
  } catch {
    replaceChildren(box, h("legend", {}, t("adminProjects.fromCluster")), h("p", { class: "muted" }, t("adminProjects.clusterLoadFailed")));
    return;
  }
  const { candidates, missing } = loaded;
  const details = h("div", { class: "cluster-chosen" });
  const status = h("p", { class: "field-hint", attrs: { role: "status" } });
  replaceChildren(
    box,
    h("legend", {}, t("adminProjects.fromCluster")),
    h("p", { class: "field-hint" }, t(candidates.length === 0 ? "adminProjects.clusterNone" : "adminProjects.fromClusterHint")),
    missing ? h("p", { class: "field-hint" }, t("adminProjects.clusterNotFound")) : null,
    h("label", { class: "choice-option" }, h("input", { id: "cluster-none", attrs: { type: "radio", name: "clusterId", value: "", checked: !candidates.some((c) => c.id === wanted) } }), ` ${t("adminProjects.noCluster")}`),
    ...candidates.map((c) => option(c, c.id === wanted)),
    status,
    details,
  );
  let suggestedTitle = "";
  const choose = (id: string) => {
    const candidate = candidates.find((c) => c.id === id);
    if (!candidate) {
      replaceChildren(details);
      replaceChildren(status);
      return;
    }
    const members = fill(form, candidate, suggestedTitle);
    suggestedTitle = (form.elements.namedItem("title") as HTMLInputElement).value;
    replaceChildren(details, members.length > 0 ? memberList(candidate, members) : null);
    replaceChildren(status, members.length > 0 ? t("adminProjects.clusterFilled", { count: members.length }) : t("adminProjects.clusterEmptyFilled"));
  };
  box.addEventListener("change", (event) => {
    const input = event.target as HTMLInputElement;
    if (input.name === "clusterId") choose(input.value);
  });
  if (wanted && candidates.some((c) => c.id === wanted)) choose(wanted);
}
