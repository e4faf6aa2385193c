// The small forms of the project steps: a reason, a batch, a coordinator, a pledge, which claim to
// confirm (and whether it leads), the milestone plan, a progress report or the completion with photos.
import { apiGet } from "./api";
import { h, replaceChildren } from "./dom";
import { formatDateTime } from "./format";
import { value } from "./forms";
import { t } from "./i18n";
import { ActionFields, field, milestoneFields, numberInput, numberOrNull, photoField, textArea, uploadPhotos } from "./project-fields";
import { BoardItem, pledgeKinds, pledgeText, Project } from "./projects";

interface UserView {
  username: string;
  displayName: string;
  role: string;
  disabled: boolean;
}

function reasonField(prefix: string, labelKey: string, required: boolean, hintKey?: string): ActionFields {
  const id = `${prefix}-reason`;
  return {
    fields: [field(id, t(labelKey), textArea(id, "reason", 500, required), hintKey ? t(hintKey) : undefined, !required)],
    body: async (form) => ({ reason: value(form, "reason") || null }),
  };
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
