import { apiSend, forgetAntiforgeryToken } from "../lib/api";
import { byId } from "../lib/dom";
import { clearErrors, markReady, rawValue, showErrors, submitting, value } from "../lib/forms";
import { safeReturnUrl } from "../lib/session";

const form = byId<HTMLFormElement>("signin-form");
const alert = byId("signin-alert");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form, alert);
  try {
    await submitting(form, () => apiSend("POST", "/api/auth/signin", { username: value(form, "username"), password: rawValue(form, "password") }));
    forgetAntiforgeryToken();
    location.assign(safeReturnUrl(new URLSearchParams(location.search).get("returnUrl")));
  } catch (error) {
    showErrors(form, alert, error);
    byId<HTMLInputElement>("password").value = "";
  }
});

markReady();
