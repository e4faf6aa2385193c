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

/**
 * The town → community pair of selects on request forms: choosing a town fills the community list.
 * `only` narrows the choice to a staff member's scope (a town or one community).
 */
export function wireAreaPicker(townSelect: HTMLSelectElement, communitySelect: HTMLSelectElement, towns: TownView[], only?: { kind: string; id: string | null }): void {
  let choices = towns.filter((town) => town.communities.length > 0);
  if (only?.id && only.kind === "town") choices = choices.filter((town) => town.id === only.id);
  if (only?.id && only.kind === "community") {
    choices = choices
      .map((town) => ({ ...town, communities: town.communities.filter((c) => c.id === only.id) }))
      .filter((town) => town.communities.length > 0);
  }

  const fillCommunities = () => {
    const town = choices.find((candidate) => candidate.id === townSelect.value);
    const communities = town?.communities ?? [];
    replaceChildren(
      communitySelect,
      h("option", { attrs: { value: "" } }, t(town ? "request.chooseCommunity" : "request.chooseTownFirst")),
      ...communities.map((c) => h("option", { attrs: { value: c.id, selected: communities.length === 1 } }, c.name)),
    );
    communitySelect.disabled = !town;
  };

  replaceChildren(
    townSelect,
    h("option", { attrs: { value: "" } }, t("request.chooseTown")),
    ...choices.map((town) => h("option", { attrs: { value: town.id, selected: choices.length === 1 } }, town.name)),
  );
  townSelect.addEventListener("change", fillCommunities);
  fillCommunities();
}
