// The small forms of the project steps: a reason, a batch, a coordinator, a pledge, which claim to
// confirm (and whether it leads), the milestone plan, a progress report or the completion with photos.
import { ApiError, apiGet, apiUpload } from "./api";
import { h, replaceChildren } from "./dom";
import { formatBytes, formatDateTime } from "./format";
import { value } from "./forms";
import { t } from "./i18n";
import { BoardItem, pledgeKinds, pledgeText, Project, projectPath } from "./projects";

export type Body = Record<string, unknown>;

export interface ActionFields {
  fields: HTMLElement[];
  /** Reads the form into the step's body; may upload photos first. */
  body: (form: HTMLFormElement) => Promise<Body>;
}

const maxPhotoBytes = 5 * 1024 * 1024;
const photoTypes = ["image/jpeg", "image/png", "image/webp"];

interface UserView {
  username: string;
  displayName: string;
  role: string;
  disabled: boolean;
}

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

function numberInput(id: string, name: string, min: number, max?: number, step = "1"): HTMLInputElement {
  return h("input", { id, attrs: { name, type: "number", inputmode: step === "1" ? "numeric" : "decimal", min: String(min), max: max === undefined ? undefined : String(max), step } });
}

function numberOrNull(form: HTMLFormElement, name: string): number | null {
  const text = value(form, name);
  if (text === "") return null;
  const number = Number(text);
  return Number.isFinite(number) ? number : null;
}

function reasonField(prefix: string, labelKey: string, required: boolean, hintKey?: string): ActionFields {
  const id = `${prefix}-reason`;
  return {
    fields: [field(id, t(labelKey), textArea(id, "reason", 500, required), hintKey ? t(hintKey) : undefined, !required)],
    body: async (form) => ({ reason: value(form, "reason") || null }),
  };
}

/** A file picker for photos, checked here for type and size so a wrong file is refused before anything is sent. */
function photoField(id: string): HTMLElement {
  const input = h("input", { id, attrs: { name: "photos", type: "file", accept: photoTypes.join(","), multiple: true } });
  return field(id, t("projectActions.photos"), input, t("projectActions.photosHint"), true);
}

/** Uploads the chosen photos one by one and returns their names; a refused file is a field error naming it. */
async function uploadPhotos(projectId: string, form: HTMLFormElement): Promise<string[]> {
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

/** The batch name, offering the batches already on the board so one batch keeps one spelling. */
function batchField(): ActionFields {
  const list = h("datalist", { id: "publish-batches" });
  apiGet<BoardItem[]>("/api/projects").then(
    (items) => replaceChildren(list, ...Array.from(new Set(items.map((i) => i.batch).filter((b): b is string => !!b))).map((b) => h("option", { attrs: { value: b } }))),
    () => undefined, // Without suggestions the name is typed; nothing is lost.
  );
  const input = h("input", { id: "publish-batch", attrs: { name: "batch", maxlength: "50", autocomplete: "off", list: "publish-batches", required: true } });
  return {
    fields: [field("publish-batch", t("projectActions.batch"), input, t("projectActions.batchHint")), list],
    body: async (form) => ({ batch: value(form, "batch") }),
  };
}

function coordinatorField(): ActionFields {
  const select = h("select", { id: "coordinator", attrs: { name: "coordinator", required: true } }, h("option", { attrs: { value: "" } }, t("projectActions.loadingCoordinators")));
  apiGet<UserView[]>("/api/admin/users").then(
    (users) => {
      const coordinators = users.filter((u) => u.role === "coordinator" && !u.disabled);
      replaceChildren(
        select,
        h("option", { attrs: { value: "" } }, t(coordinators.length > 0 ? "projectActions.chooseCoordinator" : "projectActions.noCoordinators")),
        ...coordinators.map((u) => h("option", { attrs: { value: u.username } }, `${u.displayName}（${u.username}）`)),
      );
    },
    // Without the account list (a role that may not list users), the user name is typed instead.
    () => select.replaceWith(h("input", { id: "coordinator", attrs: { name: "coordinator", autocomplete: "off", required: true, "aria-describedby": "coordinator-hint" } })),
  );
  return {
    fields: [field("coordinator", t("projectActions.coordinator"), select, t("projectActions.coordinatorHint"))],
    body: async (form) => ({ coordinator: value(form, "coordinator") }),
  };
}

export function claimFields(prefix = "claim"): ActionFields {
  const kind = h(
    "select",
    { id: `${prefix}-kind`, attrs: { name: "pledgeKind", required: true } },
    h("option", { attrs: { value: "" } }, t("projectActions.choosePledge")),
    ...pledgeKinds.map((k) => h("option", { attrs: { value: k } }, t(`projects.pledges.${k}`))),
  );
  return {
    fields: [
      h(
        "div",
        { class: "form-grid" },
        field(`${prefix}-kind`, t("projectActions.pledgeKind"), kind),
        field(`${prefix}-amount`, t("projectActions.pledgeAmount"), numberInput(`${prefix}-amount`, "pledgeAmount", 0, undefined, "any"), t("projectActions.pledgeAmountHint"), true),
      ),
      field(`${prefix}-text`, t("projectActions.claimText"), textArea(`${prefix}-text`, "text", 500, true), t("projectActions.claimTextHint")),
    ],
    body: async (form) => ({ pledgeKind: value(form, "pledgeKind") || null, pledgeAmount: numberOrNull(form, "pledgeAmount"), text: value(form, "text") }),
  };
}

function confirmClaimFields(project: Project): ActionFields {
  const pending = project.claims.filter((c) => c.status !== "confirmed");
  const choices = h(
    "fieldset",
    { class: "field choice" },
    h("legend", {}, t("projectActions.claimToConfirm")),
    ...(pending.length === 0
      ? [h("p", { class: "muted" }, t("projectActions.noPendingClaims"))]
      : pending.map((c, i) =>
          h(
            "label",
            { class: "choice-option" },
            h("input", { id: `confirm-claim-${i}`, attrs: { type: "radio", name: "claimId", value: c.unitId, checked: pending.length === 1 } }),
            ` ${c.unitName ?? c.unitId}：${pledgeText(c.pledgeKind, c.pledgeAmount, c.pledgeLabel)}`,
          ),
        )),
  );
  const leadHint = project.leadUnitName ? t("projectActions.leadHintReplace", { lead: project.leadUnitName }) : t("projectActions.leadHintFirst");
  return {
    fields: [
      choices,
      h(
        "div",
        { class: "field" },
        h("label", { class: "choice-option" }, h("input", { id: "confirm-lead", attrs: { type: "checkbox", name: "lead", checked: !project.leadUnitName, "aria-describedby": "confirm-lead-hint" } }), ` ${t("projectActions.lead")}`),
        h("p", { class: "field-hint", id: "confirm-lead-hint" }, leadHint),
      ),
    ],
    body: async (form) => ({ claimId: value(form, "claimId") || null, lead: (form.elements.namedItem("lead") as HTMLInputElement).checked }),
  };
}

/** The date a milestone is due, as the end of that day in China Standard Time. */
function dueAt(date: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T23:59:59+08:00` : null;
}

/** The milestone plan: rows of title, owner and due date; rows are added and removed in place. */
function milestoneFields(): ActionFields {
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

function reportFields(project: Project): ActionFields {
  const open = project.milestones.filter((m) => !m.doneAt);
  const percent = numberInput("report-percent", "percent", project.percent, 100);
  percent.required = true;
  return {
    fields: [
      field("report-percent", t("projectActions.percent"), percent, t("projectActions.percentHint", { last: project.percent })),
      open.length > 0
        ? h(
            "fieldset",
            { class: "field choice" },
            h("legend", {}, t("projectActions.milestonesDone")),
            ...open.map((m) =>
              h(
                "label",
                { class: "choice-option" },
                h("input", { id: `report-done-${m.number}`, attrs: { type: "checkbox", name: "milestonesDone", value: String(m.number) } }),
                ` ${m.number}. ${m.title ?? ""}${m.dueAt ? t("projectActions.dueOn", { at: formatDateTime(m.dueAt) }) : ""}`,
              ),
            ),
          )
        : null,
      field("report-text", t("projectActions.reportText"), textArea("report-text", "text", 1000, true, 4), t("projectActions.reportTextHint")),
      photoField("report-photos"),
    ].filter((x): x is HTMLElement => x !== null),
    body: async (form) => ({
      percent: numberOrNull(form, "percent"),
      text: value(form, "text"),
      milestonesDone: Array.from(form.querySelectorAll<HTMLInputElement>("input[name=milestonesDone]:checked")).map((box) => Number(box.value)),
      photos: await uploadPhotos(project.id, form),
    }),
  };
}

/** The fields each step needs, and how to read them back into its body. */
export function fieldsFor(action: string, project: Project): ActionFields {
  switch (action) {
    case "approve":
      return reasonField("approve", "projectActions.approveReason", false);
    case "reject":
      return reasonField("reject", "projectActions.rejectReason", true, "projectActions.reasonPublicHint");
    case "cancel":
      return reasonField("cancel", "projectActions.cancelReason", true, "projectActions.reasonPublicHint");
    case "suspend":
      return reasonField("suspend", "projectActions.suspendReason", true, "projectActions.reasonPublicHint");
    case "fund_by_government":
      return reasonField("fund", "projectActions.fundReason", false);
    case "publish":
      return batchField();
    case "assign_coordinator":
      return coordinatorField();
    case "claim":
      return claimFields();
    case "confirm_claim":
      return confirmClaimFields(project);
    case "extend_claims":
      return {
        fields: [field("extend-days", t("projectActions.extendDays"), numberInput("extend-days", "extendDays", 1, 60), t("projectActions.extendDaysHint"))],
        body: async (form) => ({ extendDays: numberOrNull(form, "extendDays") }),
      };
    case "start_execution":
      return milestoneFields();
    case "report":
      return reportFields(project);
    case "complete":
      return {
        fields: [field("complete-text", t("projectActions.completeText"), textArea("complete-text", "text", 2000, true, 4), t("projectActions.completeTextHint")), photoField("complete-photos")],
        body: async (form) => ({ text: value(form, "text"), photos: await uploadPhotos(project.id, form) }),
      };
    case "write_off":
      return {
        fields: [field("write-off-text", t("projectActions.writeOffText"), textArea("write-off-text", "text", 500, false), undefined, true)],
        body: async (form) => ({ text: value(form, "text") || null }),
      };
    case "close":
      return { fields: [h("p", { class: "field-hint" }, t("projectActions.closeHint"))], body: async () => ({}) };
    default:
      return { fields: [], body: async () => ({}) };
  }
}

/** Steps that need nothing but a click. */
export const immediateActions = ["open_deliberation", "open_evaluation", "resume"];

export function submitText(action: string, label: string): string {
  const key = `projectActions.submit.${action}`;
  const text = t(key);
  return text === key ? label : text;
}
