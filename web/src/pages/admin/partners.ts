import { apiGet, apiSend } from "../../lib/api";
import { byId, h, replaceChildren } from "../../lib/dom";
import { formatDateTime } from "../../lib/format";
import { clearErrors, markReady, showErrors, showSuccess, submitting, value } from "../../lib/forms";
import { t } from "../../lib/i18n";
import { load, startShell } from "../../lib/shell";

interface Partner {
  id: string;
  name: string;
  createdAt: string;
  secretRotatedAt: string | null;
  callbackUrl: string | null;
}

interface PartnerSecret {
  id: string;
  name: string;
  secret: string;
}

const list = byId("partner-list");
const panel = byId("secret-panel");
const secretInput = byId<HTMLTextAreaElement>("secret-value");
const dialog = byId<HTMLDialogElement>("rotate-dialog");
let rotating: Partner | null = null;

/** The secret exists in the page only until it is hidden or the page is left: the server keeps it encrypted and never shows it again. */
function showSecret(result: PartnerSecret, titleKey: string): void {
  replaceChildren(byId("secret-title"), t(titleKey, { name: result.name, id: result.id }));
  secretInput.value = result.secret;
  replaceChildren(byId("copy-status"));
  panel.hidden = false;
  panel.focus();
}

function hideSecret(): void {
  secretInput.value = "";
  panel.hidden = true;
}

async function copySecret(): Promise<void> {
  try {
    await navigator.clipboard.writeText(secretInput.value);
    replaceChildren(byId("copy-status"), t("partners.copied"));
  } catch {
    // No clipboard access (an insecure context, a strict browser): select the text so a long press copies it.
    secretInput.select();
    replaceChildren(byId("copy-status"), t("partners.copyManually"));
  }
}

async function refresh(): Promise<void> {
  const partners = await apiGet<Partner[]>("/api/admin/partners");
  if (partners.length === 0) {
    replaceChildren(list, h("p", { class: "empty-state" }, t("partners.empty")));
    return;
  }
  const header = ["partners.id", "partners.name", "partners.createdAt", "partners.rotatedAt", "partners.callback", "partners.actions"];
  const cell = (key: string, ...content: (Node | string)[]) => h("td", { attrs: { "data-label": t(key) } }, ...content);
  replaceChildren(
    list,
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "data stack-on-phone" },
        h("thead", {}, h("tr", {}, ...header.map((key) => h("th", { attrs: { scope: "col" } }, t(key))))),
        h(
          "tbody",
          {},
          ...partners.map((partner) =>
            h(
              "tr",
              {},
              cell("partners.id", h("code", {}, partner.id)),
              cell("partners.name", partner.name),
              cell("partners.createdAt", formatDateTime(partner.createdAt)),
              cell("partners.rotatedAt", partner.secretRotatedAt ? formatDateTime(partner.secretRotatedAt) : "–"),
              cell("partners.callback", callbackForm(partner)),
              cell(
                "partners.actions",
                h(
                  "button",
                  { class: "btn btn-danger btn-small", attrs: { type: "button", "aria-label": t("partners.rotateNamed", { name: partner.name }) }, on: { click: () => openRotate(partner) } },
                  t("partners.rotate"),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** The address the partner's requests' status changes are posted to; empty turns the callbacks off. */
function callbackForm(partner: Partner): HTMLFormElement {
  const inputId = `callback-${partner.id}`;
  const alert = h("p", { attrs: { role: "status", hidden: true } });
  const input = h("input", {
    id: inputId,
    attrs: { type: "url", name: "callbackUrl", inputmode: "url", placeholder: "https://", "aria-label": t("partners.callbackNamed", { name: partner.name }), title: t("partners.callbackHint") },
  });
  input.value = partner.callbackUrl ?? "";
  const form = h(
    "form",
    { class: "inline-form", attrs: { novalidate: "" } },
    h("div", { class: "field" }, input),
    h("button", { class: "btn btn-small", attrs: { type: "submit" } }, t("partners.callbackSave")),
    alert,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, alert);
    try {
      await submitting(form, () => apiSend("PUT", `/api/admin/partners/${encodeURIComponent(partner.id)}/callback`, { callbackUrl: input.value.trim() || null }));
      showSuccess(alert, t("partners.callbackSaved"));
    } catch (error) {
      showErrors(form, alert, error);
    }
  });
  return form;
}

function openRotate(partner: Partner): void {
  rotating = partner;
  clearErrors(byId<HTMLFormElement>("rotate-form"), byId("rotate-alert"));
  replaceChildren(byId("rotate-title"), t("partners.rotateTitle", { name: partner.name }));
  dialog.showModal();
}

function wire(): void {
  const form = byId<HTMLFormElement>("register-form");
  const alert = byId("register-alert");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, alert);
    try {
      const created = await submitting(form, () => apiSend<PartnerSecret>("POST", "/api/admin/partners", { id: value(form, "id"), name: value(form, "name") }));
      form.reset();
      showSecret(created, "partners.createdTitle");
      await refresh();
    } catch (error) {
      showErrors(form, alert, error);
    }
  });

  const rotateForm = byId<HTMLFormElement>("rotate-form");
  rotateForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!rotating) return;
    const partner = rotating;
    try {
      const rotated = await submitting(rotateForm, () => apiSend<PartnerSecret>("POST", `/api/admin/partners/${encodeURIComponent(partner.id)}/secret`, {}));
      dialog.close();
      showSecret(rotated, "partners.rotatedTitle");
      await refresh();
    } catch (error) {
      showErrors(rotateForm, byId("rotate-alert"), error);
    }
  });
  dialog.querySelector<HTMLButtonElement>("[data-close]")?.addEventListener("click", () => dialog.close());
  byId("copy-secret").addEventListener("click", () => void copySecret());
  byId("hide-secret").addEventListener("click", hideSecret);
}

void load(byId("main"), async () => {
  if (!(await startShell("partners"))) return;
  wire();
  await refresh();
  markReady();
});
