import { apiGet } from "../lib/api";
import { byId, replaceChildren } from "../lib/dom";
import { markReady, value } from "../lib/forms";
import { t } from "../lib/i18n";
import { TownView, wireAreaPicker } from "../lib/registry";
import { wireRequestForm } from "../lib/request-form";
import { load } from "../lib/shell";

const form = byId<HTMLFormElement>("request-form");
const alert = byId("submit-alert");
const formCard = byId("request-form-card");
const done = byId("submitted");

void load(formCard, async () => {
  const towns = await apiGet<TownView[]>("/api/areas");
  wireAreaPicker(byId<HTMLSelectElement>("town"), byId<HTMLSelectElement>("community"), towns);
  if (!towns.some((town) => town.communities.length > 0)) {
    replaceChildren(alert, t("submit.noAreas"));
    alert.className = "alert alert-info";
    alert.hidden = false;
  }

  const reset = wireRequestForm({
    form,
    alert,
    endpoint: "/api/requests",
    // The honeypot: people never see or fill it; a bot that does gets an ordinary-looking answer and nothing is stored.
    extra: (f) => ({ website: value(f, "website") }),
    onSubmitted: (result) => {
      replaceChildren(byId("submitted-code"), result.displayCode);
      byId<HTMLAnchorElement>("submitted-link").href = `/track/${encodeURIComponent(result.trackingCode)}`;
      formCard.hidden = true;
      done.hidden = false;
      done.focus();
      window.scrollTo(0, 0);
    },
  });

  byId("submit-another").addEventListener("click", () => {
    reset();
    done.hidden = true;
    formCard.hidden = false;
    byId("title").focus();
  });
  markReady();
});
