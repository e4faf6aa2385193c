// The building blocks of the project step forms: labelled fields, numbers, photos (checked here, then
// uploaded one by one) and the milestone plan editor.
import { ApiError, apiUpload } from "./api";
import { h } from "./dom";
import { formatBytes } from "./format";
import { value } from "./forms";
import { t } from "./i18n";
import { projectPath } from "./projects";

export type Body = Record<string, unknown>;

export interface ActionFields {
  fields: HTMLElement[];
  /** Reads the form into the step's body; may upload photos first. */
  body: (form: HTMLFormElement) => Promise<Body>;
}

const maxPhotoBytes = 5 * 1024 * 1024;
const photoTypes = ["image/jpeg", "image/png", "image/webp"];

export function field(id: string, label: string, control: HTMLElement, hint?: string, optional = false): HTMLElement {
  if (hint) control.setAttribute("aria-describedby", `${id}-hint`);
  return h(
    "div",
    { class: "field" },
    h("label", { attrs: { for: id } }, label, optional ? " " : null, optional ? h("span", { class: "optional" }, t("request.optional")) : null),
    control,
    hint ? h("p", { class: "field-hint", id: `${id}-hint` }, hint) : null,
  );
}

export function textArea(id: string, name: string, maxLength: number, required: boolean, rows = 3): HTMLTextAreaElement {
  return h("textarea", { id, attrs: { name, rows: String(rows), maxlength: String(maxLength), required } });
}

export function numberInput(id: string, name: string, min: number, max?: number, step = "1"): HTMLInputElement {
  return h("input", { id, attrs: { name, type: "number", inputmode: step === "1" ? "numeric" : "decimal", min: String(min), max: max === undefined ? undefined : String(max), step } });
}

export function numberOrNull(form: HTMLFormElement, name: string): number | null {
  const text = value(form, name);
  if (text === "") return null;
  const number = Number(text);
  return Number.isFinite(number) ? number : null;
}

/** A file picker for photos, checked here for type and size so a wrong file is refused before anything is sent. */
export function photoField(id: string): HTMLElement {
  const input = h("input", { id, attrs: { name: "photos", type: "file", accept: photoTypes.join(","), multiple: true } });
  return field(id, t("projectActions.photos"), input, t("projectActions.photosHint"), true);
}

/** Uploads the chosen photos one by one and returns their names; a refused file is a field error naming it. */
export async function uploadPhotos(projectId: string, form: HTMLFormElement): Promise<string[]> {
  const input = form.elements.namedItem("photos") as HTMLInputElement | null;
  const files = Array.from(input?.files ?? []);
  if (files.length > 9) throw new ApiError(400, "validation", t("projectActions.photosInvalid"), { photos: [t("projectActions.tooManyPhotos")] });
  for (const file of files) {
    if (!photoTypes.includes(file.type)) throw new ApiError(400, "validation", t("projectActions.photosInvalid"), { photos: [t("projectActions.notAnImage", { name: file.name })] });
    if (file.size > maxPhotoBytes) throw new ApiError(400, "validation", t("projectActions.photosInvalid"), { photos: [t("projectActions.photoTooLarge", { name: file.name, size: formatBytes(file.size) })] });
  }
  const names: string[] = [];
  for (const file of files) {
    const data = new FormData();
    data.append("file", file, file.name);
    try {
      names.push((await apiUpload<{ name: string }>(`${projectPath(projectId)}/photos`, data)).name);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) throw new ApiError(400, error.code, t("projectActions.photosInvalid"), { photos: [`${file.name}：${error.title}`] });
      throw error;
    }
  }
  return names;
}

/** The date a milestone is due, as the end of that day in China Standard Time. */
function dueAt(date: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T23:59:59+08:00` : null;
}

/** The milestone plan: rows of title, owner and due date; rows are added and removed in place. */
export function milestoneFields(): ActionFields {
  const rows = h("ol", { class: "milestone-editor", id: "milestone-rows" });
  const renumber = () =>
    Array.from(rows.children).forEach((row, i) => {
      row.querySelectorAll<HTMLInputElement>("input").forEach((input) => {
        const part = input.dataset.part as string;
        input.name = `milestones[${i}].${part}`;
        input.id = `milestone-${i}-${part}`;
      });
      row.querySelectorAll<HTMLLabelElement>("label").forEach((label) => {
        label.htmlFor = `milestone-${i}-${label.dataset.part}`;
        label.textContent = t(`projectActions.milestone.${label.dataset.part}`, { n: i + 1 });
      });
      const remove = row.querySelector<HTMLButtonElement>("button");
      if (remove) {
        remove.textContent = t("projectActions.removeMilestone", { n: i + 1 });
        remove.hidden = rows.children.length === 1;
      }
    });
  const part = (name: string, input: HTMLInputElement) => {
    input.dataset.part = name;
    return h("div", { class: "field" }, h("label", { attrs: { "data-part": name } }), input);
  };
  const addRow = () => {
    const row = h(
      "li",
      { class: "milestone-row" },
      h(
        "div",
        { class: "form-grid milestone-grid" },
        part("title", h("input", { attrs: { autocomplete: "off", maxlength: "100", required: true } })),
        part("owner", h("input", { attrs: { autocomplete: "off", maxlength: "50", required: true } })),
        part("dueAt", h("input", { attrs: { type: "date", required: true } })),
      ),
      h("button", { class: "btn btn-secondary btn-small", attrs: { type: "button" }, on: { click: () => (row.remove(), renumber()) } }),
    );
    rows.appendChild(row);
    renumber();
    return row;
  };
  addRow();
  const add = h("button", { class: "btn btn-secondary btn-small", id: "add-milestone", attrs: { type: "button" } }, t("projectActions.addMilestone"));
  add.addEventListener("click", () => addRow().querySelector("input")?.focus());
  return {
    fields: [h("p", { class: "field-hint", id: "milestones-hint" }, t("projectActions.milestonesHint")), rows, h("div", { class: "actions" }, add)],
    body: async (form) => ({
      milestones: Array.from(rows.children).map((_, i) => ({
        title: value(form, `milestones[${i}].title`),
        owner: value(form, `milestones[${i}].owner`),
        dueAt: dueAt(value(form, `milestones[${i}].dueAt`)),
      })),
    }),
  };
}
