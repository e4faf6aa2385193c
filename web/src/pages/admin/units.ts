import { apiGet, apiSend } from "../../lib/api";
import { byId, h, replaceChildren } from "../../lib/dom";
import { clearErrors, markReady, showErrors, showSuccess, submitting, value } from "../../lib/forms";
import { t } from "../../lib/i18n";
import { UnitView } from "../../lib/registry";
import { openRename, wireRename } from "../../lib/rename";
import { load, startShell } from "../../lib/shell";

interface Section {
  listId: string;
  formId: string;
  alertId: string;
  apiList: string;
  apiAdmin: string;
  emptyKey: string;
  fields: string[];
}

const departments: Section = {
  listId: "department-list", formId: "add-department", alertId: "department-alert",
  apiList: "/api/units/departments", apiAdmin: "/api/admin/departments", emptyKey: "units.emptyDepartments", fields: ["name"],
};
const socialUnits: Section = {
  listId: "social-list", formId: "add-social-unit", alertId: "social-alert",
  apiList: "/api/units/social-units", apiAdmin: "/api/admin/social-units", emptyKey: "units.emptySocialUnits", fields: ["name", "category"],
};

async function refresh(section: Section): Promise<void> {
  const units = await apiGet<UnitView[]>(section.apiList);
  const list = byId(section.listId);
  if (units.length === 0) {
    replaceChildren(list, h("p", { class: "empty-state" }, t(section.emptyKey)));
    return;
  }
  replaceChildren(
    list,
    h(
      "ul",
      { class: "plain-list" },
      ...units.map((unit) =>
        h(
          "li",
          {},
          h("span", {}, unit.name, unit.category ? h("span", { class: "badge badge-muted" }, t(`categories.${unit.category}`)) : null),
          h(
            "button",
            {
              class: "btn btn-secondary btn-small",
              attrs: { type: "button", "aria-label": `${t("units.rename")} ${unit.name}` },
              on: { click: () => openRename(`${section.apiAdmin}/${encodeURIComponent(unit.id)}`, unit.name, () => refresh(section)) },
            },
            t("units.rename"),
          ),
        ),
      ),
    ),
  );
}

function wire(section: Section): void {
  const form = byId<HTMLFormElement>(section.formId);
  const alert = byId(section.alertId);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, alert);
    const body = Object.fromEntries(section.fields.map((field) => [field, value(form, field)]));
    try {
      await submitting(form, () => apiSend("POST", section.apiAdmin, body));
      form.reset();
      showSuccess(alert, t("units.added", { name: body.name }));
      await refresh(section);
    } catch (error) {
      showErrors(form, alert, error);
    }
  });
}

void load(byId("main"), async () => {
  if (!(await startShell("units"))) return;
  wire(departments);
  wire(socialUnits);
  wireRename(byId("page-status"), "units.renamed");
  await Promise.all([refresh(departments), refresh(socialUnits)]);
  markReady();
});
