// The small forms of the handling steps: the unit picker for dispatch (community, town or department
// and urgency), a reason for returning, outcome and text for a reply, the other code for a duplicate.
import { apiGet } from "./api";
import { h, replaceChildren } from "./dom";
import { value } from "./forms";
import { HandlingAction, labelOf } from "./handling";
import { t } from "./i18n";
import { TownView, UnitView } from "./registry";
import { normalizeCode } from "./requests";

interface Units {
  towns: TownView[];
  departments: UnitView[];
}

export type Body = Record<string, unknown>;

let units: Promise<Units> | undefined;

/** Read once per page; a failed read is forgotten, so the next form tries again. */
function loadUnits(): Promise<Units> {
  units ??= Promise.all([apiGet<TownView[]>("/api/areas"), apiGet<UnitView[]>("/api/units/departments")]).then(
    ([towns, departments]) => ({ towns, departments }),
    (error: unknown) => {
      units = undefined;
      throw error;
    },
  );
  return units;
}

function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  if (hint) control.setAttribute("aria-describedby", `${id}-hint`);
  return h(
    "div",
    { class: "field" },
    h("label", { attrs: { for: id } }, label),
    control,
    hint ? h("p", { class: "field-hint", id: `${id}-hint` }, hint) : null,
  );
}

function selectOptions(placeholder: string, entries: [string, string][]): HTMLOptionElement[] {
  return [h("option", { attrs: { value: "" } }, placeholder), ...entries.map(([v, text]) => h("option", { attrs: { value: v } }, text))];
}

function fillUnits(select: HTMLSelectElement, kind: string, all: Units, preferred?: string): void {
  const option = (unit: { id: string; name: string }) => h("option", { attrs: { value: unit.id, selected: unit.id === preferred } }, unit.name);
  const towns = all.towns.filter((town) => town.communities.length > 0);
  const choices =
    kind === "community"
      ? towns.map((town) => h("optgroup", { attrs: { label: town.name } }, ...town.communities.map(option)))
      : (kind === "town" ? all.towns : all.departments).map(option);
  replaceChildren(select, h("option", { attrs: { value: "" } }, t(choices.length > 0 ? "handling.chooseUnit" : "handling.noUnits")), ...choices);
}

function radios(name: string, legend: string, choices: [string, string][], checked: string | null, hint?: string): HTMLElement {
  const hintId = `${name}-choice-hint`;
  return h(
    "fieldset",
    { class: "field choice", attrs: { "aria-describedby": hint ? hintId : undefined } },
    h("legend", {}, legend),
    ...choices.map(([v, text]) =>
      h("label", { class: "choice-option" }, h("input", { id: `${name}-${v}`, attrs: { type: "radio", name, value: v, checked: v === checked } }), ` ${text}`),
    ),
    hint ? h("p", { class: "field-hint", id: hintId }, hint) : null,
  );
}

/** The fields each step needs, and how to read them back into its body; `communityId` is chosen first when dispatching. */
export function fieldsFor(action: string, communityId?: string): { fields: HTMLElement[]; body: (form: HTMLFormElement) => Body } {
  switch (action) {
    case "dispatch": {
      const kinds = ["community", "town", "department"].map((k) => h("option", { attrs: { value: k } }, labelOf("handling.unitKinds", k)));
      const kind = h("select", { id: "dispatch-unit-kind", attrs: { name: "unitKind", required: true } }, ...kinds);
      const unit = h("select", { id: "dispatch-unit", attrs: { name: "unitId", required: true } }, h("option", { attrs: { value: "" } }, t("handling.chooseUnit")));
      loadUnits().then(
        (all) => {
          fillUnits(unit, kind.value, all, communityId);
          kind.addEventListener("change", () => fillUnits(unit, kind.value, all, kind.value === "community" ? communityId : undefined));
        },
        // Without the unit lists there is nothing to choose; say why rather than show an empty picker.
        (error: unknown) => replaceChildren(unit, h("option", { attrs: { value: "" } }, error instanceof Error ? error.message : t("errors.unexpected"))),
      );
      return {
        fields: [
          h("div", { class: "form-grid" }, field("dispatch-unit-kind", t("handling.unitKind"), kind), field("dispatch-unit", t("handling.unitId"), unit)),
          radios("urgency", t("handling.urgencyLegend"), [["normal", labelOf("handling.urgencies", "normal")], ["urgent", labelOf("handling.urgencies", "urgent")]], "normal", t("handling.urgencyHint")),
        ],
        body: (form) => ({ unitKind: value(form, "unitKind"), unitId: value(form, "unitId"), urgency: value(form, "urgency") || "normal" }),
      };
    }
    case "return":
      return {
        fields: [field("return-reason", t("handling.reason"), h("textarea", { id: "return-reason", attrs: { name: "reason", rows: "3", maxlength: "500", required: true } }), t("handling.reasonHint"))],
        body: (form) => ({ reason: value(form, "reason") }),
      };
    case "reply": {
      const outcomes: [string, string][] = ["resolved", "unresolved", "explained"].map((o) => [o, labelOf("handling.outcomes", o)]);
      return {
        fields: [
          field("reply-outcome", t("handling.outcome"), h("select", { id: "reply-outcome", attrs: { name: "outcome", required: true } }, ...selectOptions(t("handling.chooseOutcome"), outcomes))),
          field("reply-text", t("handling.text"), h("textarea", { id: "reply-text", attrs: { name: "text", rows: "5", maxlength: "2000", required: true } }), t("handling.textHint")),
        ],
        body: (form) => ({ outcome: value(form, "outcome") || null, text: value(form, "text") }),
      };
    }
    case "close_duplicate":
      return {
        fields: [
          field(
            "duplicate-of",
            t("handling.of"),
            h("input", { id: "duplicate-of", class: "code-input", attrs: { name: "of", autocomplete: "off", autocapitalize: "characters", spellcheck: "false", required: true } }),
            t("handling.ofHint"),
          ),
        ],
        body: (form) => ({ of: normalizeCode(value(form, "of")) }),
      };
    default:
      return { fields: [], body: () => ({}) }; // sign, and any step that needs nothing but the version
  }
}

export function submitText(action: HandlingAction): string {
  const key = `handling.submit.${action.action}`;
  const text = t(key);
  return text === key ? action.label : text;
}
