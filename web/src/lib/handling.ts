// Quick handling (接诉即办): the shapes of the handling API and the small pieces every handling page
// shows the same way — deadlines, overdue and escalation marks, urgency, labels from the locale file.
import { h } from "./dom";
import { formatDateTime, isoOrUndefined } from "./format";
import { t } from "./i18n";

export interface UnitRef {
  kind: string;
  id: string;
  name: string | null;
}

export interface HandlingAction {
  action: string;
  label: string;
}

export interface HandlingStep {
  version: number;
  at: string;
  action: string;
  label: string;
  actorLabel: string;
  note: string | null;
  publicNote: string | null;
}

/** GET /api/staff/requests/{code}/handling: the state, who holds it, and the steps this user may take now. */
export interface Handling {
  code: string;
  displayCode: string;
  title: string;
  state: string;
  stateLabel: string;
  version: number;
  assignedUnit: UnitRef | null;
  urgency: string | null;
  dueAt: string | null;
  escalationLevel: number;
  replyOutcome: string | null;
  replyText: string | null;
  ratedResolved: boolean | null;
  satisfaction: string | null;
  actions: HandlingAction[];
  history: HandlingStep[];
}

export interface InboxItem {
  code: string;
  displayCode: string;
  title: string;
  state: string;
  stateLabel: string;
  version: number;
  grade: string | null;
  urgency: string | null;
  dueAt: string | null;
  escalationLevel: number;
  overdue: boolean;
}

/** GET /api/handling/inbox. */
export interface UnitInbox {
  unit: UnitRef;
  items: InboxItem[];
}

export interface EscalationItem {
  lifecycle: string;
  key: string;
  displayCode: string;
  title: string;
  level: number;
  reason: string;
  unitName: string | null;
  state: string;
  escalatedAt: string;
  dueAt: string | null;
}

/** GET /api/escalations: one inbox per level the user supervises (their town's, or the district's). */
export interface EscalationInbox {
  inbox: string;
  label: string;
  items: EscalationItem[];
}

export function actionPath(code: string, action: string): string {
  return `/api/staff/requests/${encodeURIComponent(code)}/actions/${encodeURIComponent(action)}`;
}

/** The staff request page, remembering which list it was opened from (for the back link). */
export function requestPage(code: string, from?: "inbox" | "escalations"): string {
  return `/admin/request?code=${encodeURIComponent(code)}${from ? `&from=${from}` : ""}`;
}

/** A value's text from a locale group ("handling.outcomes" + "resolved" → 已解决); the value itself when the group lacks it. */
export function labelOf(group: string, value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  const key = `${group}.${value}`;
  const text = t(key);
  return text === key ? String(value) : text;
}

/** What the deadline is for depends on the state: signing, replying, or the resident's rating. */
export function deadlineLabel(state: string): string {
  return t(`handling.due.${["dispatched", "signed", "replied"].includes(state) ? state : "other"}`);
}

/** The deadline as a machine-readable time, marked 已超时 once it has passed. */
export function deadline(dueAt: string | null, overdue: boolean): HTMLElement | null {
  if (!dueAt) return null;
  return h(
    "span",
    { class: "deadline" },
    h("time", { attrs: { datetime: isoOrUndefined(dueAt) } }, formatDateTime(dueAt)),
    overdue ? h("span", { class: "badge badge-danger" }, t("handling.overdue")) : null,
  );
}

export function escalationBadge(level: number): HTMLElement | null {
  return level > 0 ? h("span", { class: "badge badge-danger" }, labelOf("handling.levels", level)) : null;
}

export function urgencyBadge(urgency: string | null): HTMLElement | null {
  return urgency === "urgent" ? h("span", { class: "badge badge-warning" }, labelOf("handling.urgencies", urgency)) : null;
}

/** Most urgent first: past its deadline, then escalated higher, then marked urgent, then the nearest deadline. */
export function mostUrgentFirst(a: InboxItem, b: InboxItem): number {
  const due = (item: InboxItem) => (item.dueAt ? Date.parse(item.dueAt) : Number.POSITIVE_INFINITY);
  return (
    Number(b.overdue) - Number(a.overdue) ||
    b.escalationLevel - a.escalationLevel ||
    Number(b.urgency === "urgent") - Number(a.urgency === "urgent") ||
    due(a) - due(b)
  );
}
