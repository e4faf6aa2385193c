import { apiGet } from "./api";
import { h, replaceChildren } from "./dom";
import { t } from "./i18n";

export interface UnitView {
  id: string;
  kind: string;
  name: string;
  parentId: string | null;
  category: string | null;
}

export interface TownView {
  id: string;
  name: string;
  communities: UnitView[];
}

export interface Registry {
  towns: TownView[];
  departments: UnitView[];
  socialUnits: UnitView[];
}

export async function loadRegistry(): Promise<Registry> {
  const [towns, departments, socialUnits] = await Promise.all([
    apiGet<TownView[]>("/api/areas"),
    apiGet<UnitView[]>("/api/units/departments"),
    apiGet<UnitView[]>("/api/units/social-units"),
  ]);
  return { towns, departments, socialUnits };
}

/** Fills a scope picker with the units of one kind (communities grouped by town); disabled when the role needs no scope. */
export function fillScopeSelect(select: HTMLSelectElement, kind: string, registry: Registry, selected: string | null = null): void {
  const option = (unit: { id: string; name: string }) => h("option", { attrs: { value: unit.id, selected: unit.id === selected } }, unit.name);
  const placeholder = h("option", { attrs: { value: "" } }, t("users.chooseScope"));
  select.disabled = kind === "none";
  switch (kind) {
    case "town":
      replaceChildren(select, placeholder, ...registry.towns.map(option));
      break;
    case "community":
      replaceChildren(
        select,
        placeholder,
        ...registry.towns.map((town) => h("optgroup", { attrs: { label: town.name } }, ...town.communities.map(option))),
      );
      break;
    case "department":
      replaceChildren(select, placeholder, ...registry.departments.map(option));
      break;
    case "social_unit":
      replaceChildren(select, placeholder, ...registry.socialUnits.map(option));
      break;
    default:
      replaceChildren(select, h("option", { attrs: { value: "" } }, t("users.scopeNone")));
  }
}
