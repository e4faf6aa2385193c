import { ApiError } from "./api";
import { h, replaceChildren } from "./dom";
import { t } from "./i18n";

/** Shows a failed submission: field errors next to their fields, everything else in the form's alert. */
export function showErrors(form: HTMLFormElement, alert: HTMLElement, error: unknown): void {
  clearErrors(form, alert);
  const apiError = error instanceof ApiError ? error : new ApiError(0, "error", t("errors.unexpected"));
  const fieldNames = Object.keys(apiError.errors);
  let first: HTMLElement | null = null;
  for (const name of fieldNames) {
    const input = form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`);
    if (!input) continue;
    const message = h("p", { class: "field-error", id: `${input.id}-error` }, apiError.errors[name].join("；"));
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), message.id].filter(Boolean).join(" "));
    input.closest(".field")?.appendChild(message);
    first ??= input;
  }
  replaceChildren(alert, first ? `${apiError.title}。${t("errors.fixFields")}` : apiError.title);
  alert.className = "alert alert-error";
  alert.hidden = false;
  (first ?? alert).focus();
}

export function clearErrors(form: HTMLFormElement, alert: HTMLElement): void {
  form.querySelectorAll(".field-error").forEach((node) => node.remove());
  form.querySelectorAll("[aria-invalid]").forEach((node) => {
    node.removeAttribute("aria-invalid");
    const described = (node.getAttribute("aria-describedby") ?? "").split(" ").filter((id) => !id.endsWith("-error")).join(" ");
    if (described) node.setAttribute("aria-describedby", described);
    else node.removeAttribute("aria-describedby");
  });
  alert.hidden = true;
}

export function showSuccess(alert: HTMLElement, message: string): void {
  replaceChildren(alert, message);
  alert.className = "alert alert-success";
  alert.hidden = false;
}

/** Disables the form's submit button while the request runs, so a double tap submits once. */
export async function submitting<T>(form: HTMLFormElement, work: () => Promise<T>): Promise<T> {
  const buttons = Array.from(form.querySelectorAll<HTMLButtonElement>("button[type=submit]"));
  buttons.forEach((b) => (b.disabled = true));
  try {
    return await work();
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}

export function value(form: HTMLFormElement, name: string): string {
  const field = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
  return field ? field.value.trim() : "";
}

/** A field's value exactly as typed (passwords must not be trimmed). */
export function rawValue(form: HTMLFormElement, name: string): string {
  const field = form.elements.namedItem(name) as HTMLInputElement | null;
  return field ? field.value : "";
}

/**
 * Submit buttons start disabled (data-ready) and are enabled once the page's script has wired their
 * forms, so a tap before the script loads can never send a form natively — a password in a URL.
 */
export function markReady(root: ParentNode = document): void {
  root.querySelectorAll<HTMLButtonElement>("button[data-ready]").forEach((button) => (button.disabled = false));
}
