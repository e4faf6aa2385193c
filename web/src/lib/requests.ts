import { h } from "./dom";
import { formatDateTime, isoOrUndefined } from "./format";
import { t } from "./i18n";

export interface TimelineEvent {
  at: string;
  kind: string;
  label: string;
  detail: string | null;
}

/** What POST /api/requests and POST /api/staff/requests answer with 202. */
export interface SubmittedRequest {
  trackingCode: string;
  displayCode: string;
  trackUrl: string;
  status: string;
}

/** GET /api/requests/{code}: the public, redacted view. */
export interface PublicRequest {
  trackingCode: string;
  displayCode: string;
  status: string;
  statusLabel: string;
  channel: string;
  channelLabel: string;
  receivedAt: string;
  townName: string;
  communityName: string;
  title: string;
  description: string;
  isPublic: boolean;
  theme: string | null;
  grade: string | null;
  /** Replied and waiting for the resident's rating, until rateBefore. */
  canRate: boolean;
  rateBefore: string | null;
  timeline: TimelineEvent[];
}

// Closed or answered states read as done; waiting states as in progress.
const statusTone: Record<string, string> = {
  received: "badge-info",
  triaged: "badge-info",
  merged: "badge-muted",
  duplicate: "badge-muted",
  dispatched: "badge-warning",
  signed: "badge-warning",
  in_progress: "badge-warning",
  escalated: "badge-danger",
  replied: "badge-success",
  resolved: "badge-success",
  closed: "badge-success",
  rejected: "badge-muted",
};

export function statusBadge(status: string, label: string): HTMLSpanElement {
  return h("span", { class: `badge ${statusTone[status] ?? "badge-info"}` }, label || status);
}

/** "A 类（重要且有代表性）" for a grade letter; the letter alone when it is unknown. */
export function gradeText(grade: string | null | undefined): string {
  if (!grade) return t("requests.notYet");
  const key = `grades.${grade}`;
  const text = t(key);
  return text === key ? grade : text;
}

/** The request's history, oldest first, as an ordered list with machine-readable times. */
export function timelineList(events: TimelineEvent[]): HTMLElement {
  if (events.length === 0) return h("p", { class: "muted" }, t("requests.noEvents"));
  const ordered = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return h(
    "ol",
    { class: "timeline" },
    ...ordered.map((event) =>
      h(
        "li",
        { class: `timeline-item timeline-${event.kind}` },
        h("time", { class: "timeline-time", attrs: { datetime: isoOrUndefined(event.at) } }, formatDateTime(event.at)),
        h("span", { class: "timeline-label" }, event.label || event.kind),
        event.detail ? h("span", { class: "timeline-detail" }, event.detail) : null,
      ),
    ),
  );
}

/** Title and description as typed (redacted for the public view): text nodes, line breaks kept by CSS. */
export function requestText(title: string, description: string): HTMLElement[] {
  return [h("h2", { class: "request-title" }, title), h("p", { class: "request-body" }, description)];
}

/** A definition list from label/value pairs, skipping empty values. */
export function facts(pairs: [string, Node | string | null | undefined][]): HTMLDListElement {
  const list = h("dl", { class: "facts" });
  for (const [label, value] of pairs) {
    if (value === null || value === undefined || value === "") continue;
    list.append(h("dt", {}, label), h("dd", {}, value));
  }
  return list;
}

/** Letters and digits only, upper case: what a resident typed ("k7qf2 m9xac", "K7QF2-M9XAC") becomes "K7QF2M9XAC". */
export function normalizeCode(typed: string): string {
  return typed.replace(/[\s\-\u3000]/g, "").toUpperCase();
}
