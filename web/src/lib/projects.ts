// 民心微实事 (micro-projects): the shapes of the project API and the small pieces every project page
// shows the same way — addresses, state badges, money and pledges, progress, times.
import { h } from "./dom";
import { formatDateTime, isoOrUndefined } from "./format";
import { t } from "./i18n";

export interface ProjectAction {
  action: string;
  label: string;
}

export interface Claim {
  unitId: string;
  unitName: string | null;
  pledgeKind: string | null;
  pledgeLabel: string;
  pledgeAmount: number | null;
  text: string | null;
  status: string | null;
  isLead: boolean;
  at: string;
}

export interface Milestone {
  number: number;
  title: string | null;
  owner: string | null;
  dueAt: string | null;
  doneAt: string | null;
  overdue: boolean;
  escalated: boolean;
}

export interface Report {
  at: string;
  percent: number | null;
  text: string | null;
  photos: string[];
}

export interface Note {
  byName: string | null;
  feasible: boolean | null;
  text: string | null;
  at: string;
}

export interface ProjectStep {
  version: number;
  at: string;
  action: string;
  label: string;
  note: string | null;
  /** Staff only: the internal note and who took the step. */
  staffNote: string | null;
  actorLabel: string | null;
}

/** GET /api/projects/{id}: the project, and the steps the signed-in user may take now (none for residents). */
export interface Project {
  id: string;
  title: string;
  description: string;
  theme: string | null;
  townId: string;
  communities: { kind: string; id: string; name: string | null }[];
  budget: number;
  state: string;
  stateLabel: string;
  version: number;
  batch: string | null;
  claimDeadline: string | null;
  coordinatorName: string | null;
  leadUnitName: string | null;
  governmentFunded: boolean;
  percent: number;
  reason: string | null;
  evidence: string | null;
  evidencePhotos: string[];
  evaluationEndsAt: string | null;
  recommendation: string | null;
  recommendationLabel: string | null;
  averageScore: number | null;
  scoreCount: number;
  helpedShare: number | null;
  /** Share of scores of 4 or 5 (满意率); absent until the project view carries it. */
  satisfiedShare?: number | null;
  supports: number;
  linkedRequests: number;
  claims: Claim[];
  milestones: Milestone[];
  reports: Report[];
  feasibilityNotes: Note[];
  observerEvaluations: Note[];
  actions: ProjectAction[];
  timeline: ProjectStep[];
}

/** GET /api/projects: one row of the board. */
export interface BoardItem {
  id: string;
  title: string;
  state: string;
  stateLabel: string;
  theme: string | null;
  townId: string;
  batch: string | null;
  budget: number;
  leadUnitName: string | null;
  claimants: string | null;
  coordinatorName: string | null;
  percent: number;
  supports: number;
  linkedRequests: number;
  stateEnteredAt: string;
  claimDeadline: string | null;
  recommendation: string | null;
  averageScore: number | null;
  escalations: number;
}

/** Every state a board can be filtered by, in lifecycle order (proposed is staff-only). */
export const projectStates = [
  "proposed",
  "deliberating",
  "approved",
  "published",
  "claimed",
  "executing",
  "completed",
  "written_off",
  "evaluating",
  "closed",
  "suspended",
  "rejected",
  "cancelled",
];

/** The six themes requests are sorted into; a project takes one of them. */
export const projectThemes = ["平安", "智慧", "健康", "活力", "文明", "宜居"];

export const pledgeKinds = ["money", "materials", "volunteer_hours", "service"];

const tone: Record<string, string> = {
  proposed: "badge-info",
  deliberating: "badge-info",
  approved: "badge-info",
  published: "badge-warning",
  claimed: "badge-warning",
  executing: "badge-warning",
  completed: "badge-success",
  written_off: "badge-success",
  evaluating: "badge-info",
  closed: "badge-success",
  suspended: "badge-danger",
  rejected: "badge-muted",
  cancelled: "badge-muted",
};

export function stateLabel(state: string): string {
  const key = `projects.states.${state}`;
  const text = t(key);
  return text === key ? state : text;
}

export function projectBadge(state: string, label?: string): HTMLSpanElement {
  return h("span", { class: `badge ${tone[state] ?? "badge-info"}` }, label || stateLabel(state));
}

const yuan = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 2 });

/** 80000 → "80,000 元". */
export function formatYuan(amount: number | null | undefined): string {
  return typeof amount === "number" && Number.isFinite(amount) ? t("projects.yuan", { amount: yuan.format(amount) }) : "–";
}

/** "资金 50,000 元", "志愿服务时长 200 小时", "服务". */
export function pledgeText(kind: string | null, amount: number | null, label?: string): string {
  const name = label || (kind ? t(`projects.pledges.${kind}`) : "");
  if (amount === null || amount === undefined) return name;
  const unitKey = `projects.pledgeUnits.${kind}`;
  const unit = t(unitKey);
  return `${name} ${yuan.format(amount)}${unit === unitKey ? "" : ` ${unit}`}`;
}

export function projectPath(id: string): string {
  return `/api/projects/${encodeURIComponent(id)}`;
}

export function actionPath(id: string, action: string): string {
  return `${projectPath(id)}/actions/${encodeURIComponent(action)}`;
}

export function photoUrl(projectId: string, name: string): string {
  return `${projectPath(projectId)}/photos/${encodeURIComponent(name)}`;
}

/** The public page of a project (a clean URL, like /track/{code}). */
export function publicPage(id: string): string {
  return `/projects/${encodeURIComponent(id)}`;
}

/** The staff page of a project, remembering the list it was opened from. */
export function staffPage(id: string, from?: "claims" | "escalations"): string {
  return `/admin/project?id=${encodeURIComponent(id)}${from ? `&from=${from}` : ""}`;
}

/** A project is identified by "p" and eight letters or digits. */
export function isProjectId(id: string | null | undefined): id is string {
  return !!id && /^p[a-z0-9]{8}$/.test(id);
}

/** Progress as a bar and a number; the bar is labelled for screen readers. */
export function progress(percent: number, id: string): HTMLElement {
  return h(
    "span",
    { class: "project-progress" },
    h("progress", { id, attrs: { max: "100", value: String(percent), "aria-label": t("projects.progressLabel") } }),
    h("span", {}, `${percent}%`),
  );
}

export function time(iso: string | null): HTMLElement | null {
  return iso ? h("time", { attrs: { datetime: isoOrUndefined(iso) } }, formatDateTime(iso)) : null;
}
