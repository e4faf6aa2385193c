import { apiSend, forgetAntiforgeryToken } from "./api";
import { byId, h, replaceChildren } from "./dom";
import { t } from "./i18n";
import { Me, requireSignIn } from "./session";

interface NavItem {
  key: string;
  href: string;
  label: string;
  /** Shown only to roles with one of these capabilities; the server enforces the same rule on every call. */
  capabilities?: string[];
  /** A page reached from another (a request's detail), not listed in the menu. */
  hidden?: boolean;
}

const projectStaff = ["manage_projects", "approve_projects", "coordinate_projects", "advise_projects", "evaluate_projects"];

// Later features add their pages here.
const navigation: NavItem[] = [
  { key: "overview", href: "/admin/", label: "nav.overview" },
  { key: "triage", href: "/admin/triage", label: "nav.triage", capabilities: ["review_triage"] },
  { key: "inbox", href: "/admin/inbox", label: "nav.inbox", capabilities: ["handle_requests"] },
  { key: "escalations", href: "/admin/escalations", label: "nav.escalations", capabilities: ["supervise_escalations"] },
  // 民心微实事: proposers, approvers, coordinators, departments (feasibility) and observers share the board;
  // social units reach a project from their claim portal.
  { key: "projects", href: "/admin/projects", label: "nav.projects", capabilities: projectStaff },
  { key: "project", href: "/admin/project", label: "nav.project", capabilities: [...projectStaff, "claim_projects"], hidden: true },
  { key: "claims", href: "/admin/claims", label: "nav.claims", capabilities: ["claim_projects"] },
  // Reviewers, the unit a request is dispatched to and its supervisors all open a request's page.
  { key: "request", href: "/admin/request", label: "nav.request", capabilities: ["review_triage", "handle_requests", "supervise_escalations"], hidden: true },
  { key: "intake", href: "/admin/intake", label: "nav.intake", capabilities: ["intake_requests"] },
  { key: "imports", href: "/admin/imports", label: "nav.imports", capabilities: ["import_surveys"] },
  { key: "needsMap", href: "/needs-map", label: "nav.needsMap" },
  { key: "rankings", href: "/rankings", label: "nav.rankings" },
  // A unit's own rates and what pulled them down; the district admin picks any unit.
  { key: "metrics", href: "/admin/metrics", label: "nav.metrics", capabilities: ["view_unit_metrics"] },
  { key: "rankingRuns", href: "/admin/rankings", label: "nav.rankingRuns", capabilities: ["run_rankings"] },
  { key: "users", href: "/admin/users", label: "nav.users", capabilities: ["manage_users"] },
  { key: "areas", href: "/admin/areas", label: "nav.areas", capabilities: ["manage_areas"] },
  { key: "units", href: "/admin/units", label: "nav.units", capabilities: ["manage_units"] },
  { key: "partners", href: "/admin/partners", label: "nav.partners", capabilities: ["manage_partners"] },
];

function mayUse(me: Me, item: NavItem): boolean {
  return !item.capabilities || item.capabilities.some((capability) => me.capabilities.includes(capability));
}

export function allowedNavigation(me: Me): NavItem[] {
  return navigation.filter((item) => !item.hidden && mayUse(me, item));
}

/**
 * Signs the visitor in if needed, then draws the admin shell: who is signed in, sign-out, and the
 * menu with only what this role may use. Returns null (after saying so on the page) when the role
 * may not use this page.
 */
export async function startShell(pageKey: string): Promise<Me | null> {
  const me = await requireSignIn();
  replaceChildren(
    byId("shell-user"),
    h("span", {}, t("shell.signedInAs", { name: me.displayName, role: me.roleLabel })),
    h("button", { class: "btn btn-small", attrs: { type: "button" }, on: { click: signOut } }, t("shell.signOut")),
  );

  const list = byId("shell-nav-list");
  replaceChildren(
    list,
    ...allowedNavigation(me).map((item) =>
      h("li", {}, h("a", { attrs: { href: item.href, "aria-current": item.key === pageKey ? "page" : undefined } }, t(item.label))),
    ),
  );

  const menuButton = byId<HTMLButtonElement>("menu-button");
  menuButton.addEventListener("click", () => {
    const open = menuButton.getAttribute("aria-expanded") !== "true";
    menuButton.setAttribute("aria-expanded", String(open));
    byId("shell-nav").dataset.open = String(open);
  });

  const page = navigation.find((item) => item.key === pageKey);
  if (page && !mayUse(me, page)) {
    replaceChildren(byId("main"), h("div", { class: "error-state", attrs: { role: "alert" } }, t("shell.forbidden")));
    return null;
  }
  return me;
}

async function signOut(): Promise<void> {
  await apiSend("POST", "/api/auth/signout");
  forgetAntiforgeryToken();
  location.assign("/");
}

/** Runs a page's loader and turns a failure into a visible, retryable error instead of a blank page. */
export async function load(container: HTMLElement, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    replaceChildren(
      container,
      h(
        "div",
        { class: "error-state", attrs: { role: "alert" } },
        h("p", {}, t("shell.loadFailed", { reason })),
        h("button", { class: "btn btn-secondary", attrs: { type: "button" }, on: { click: () => location.reload() } }, t("shell.retry")),
      ),
    );
  }
}
