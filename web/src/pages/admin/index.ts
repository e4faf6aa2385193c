import { apiGet } from "../../lib/api";
import { byId, h, replaceChildren } from "../../lib/dom";
import { t } from "../../lib/i18n";
import { allowedNavigation, load, startShell } from "../../lib/shell";

interface Staff {
  username: string;
  displayName: string;
  roleLabel: string;
}

const container = byId("overview");

void load(container, async () => {
  const me = await startShell("overview");
  if (!me) return;
  const tasks = allowedNavigation(me).filter((item) => item.key !== "overview");
  const card = h(
    "section",
    { class: "card" },
    h("h2", {}, t("overview.hello", { name: me.displayName })),
    h(
      "dl",
      {},
      h("dt", { class: "muted" }, t("overview.role")),
      h("dd", {}, me.roleLabel),
      h("dt", { class: "muted" }, t("overview.scope")),
      h("dd", {}, me.scope.name ?? t("overview.wholeDistrict")),
    ),
    tasks.length > 0 ? h("h3", {}, t("overview.tasks")) : null,
    tasks.length > 0 ? h("ul", {}, ...tasks.map((item) => h("li", {}, h("a", { attrs: { href: item.href } }, t(item.label))))) : null,
  );
  replaceChildren(container, card);

  if (me.scope.kind === "community" && me.scope.id) {
    const staff = await apiGet<Staff[]>(`/api/communities/${encodeURIComponent(me.scope.id)}/staff`);
    const others = staff.filter((s) => s.username !== me.username);
    container.appendChild(
      h(
        "section",
        { class: "card" },
        h("h2", {}, t("overview.colleagues")),
        others.length === 0
          ? h("p", { class: "empty-state" }, t("overview.noColleagues"))
          : h("ul", { class: "plain-list" }, ...others.map((s) => h("li", {}, h("span", {}, s.displayName), h("span", { class: "muted" }, s.roleLabel)))),
      ),
    );
  }
});
