import { apiSend } from "./api";
import { byId } from "./dom";
import { clearErrors, showErrors, showSuccess, submitting, value } from "./forms";
import { t } from "./i18n";

let target: { path: string; done: () => Promise<void> } | null = null;

/** The shared rename dialog: PATCH {name} to a unit, then refresh the page's list. */
export function wireRename(status: HTMLElement, successKey: string): void {
  const dialog = byId<HTMLDialogElement>("rename-dialog");
  const form = byId<HTMLFormElement>("rename-form");
  dialog.querySelector<HTMLButtonElement>("[data-close]")?.addEventListener("click", () => dialog.close());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!target) return;
    const name = value(form, "name");
    try {
      await submitting(form, () => apiSend("PATCH", target!.path, { name }));
      dialog.close();
      showSuccess(status, t(successKey, { name }));
      await target.done();
    } catch (error) {
      showErrors(form, byId("rename-alert"), error);
    }
  });
}

export function openRename(path: string, currentName: string, done: () => Promise<void>): void {
  target = { path, done };
  const form = byId<HTMLFormElement>("rename-form");
  clearErrors(form, byId("rename-alert"));
  byId<HTMLInputElement>("rename-name").value = currentName;
  byId<HTMLDialogElement>("rename-dialog").showModal();
}
