import { apiGet } from "../../lib/api";
import { byId, replaceChildren } from "../../lib/dom";
import { markReady, value } from "../../lib/forms";
import { TownView, wireAreaPicker } from "../../lib/registry";
import { wireRequestForm } from "../../lib/request-form";
import { load, startShell } from "../../lib/shell";

const form = byId<HTMLFormElement>("request-form");
const done = byId("submitted");

void load(byId("main"), async () => {
  const me = await startShell("intake");
  if (!me) return;
  const towns = await apiGet<TownView[]>("/api/areas");
  // Staff enter requests for their own town or community; the server checks the same scope.
  wireAreaPicker(byId<HTMLSelectElement>("town"), byId<HTMLSelectElement>("community"), towns, me.scope);

  const reset = wireRequestForm({
    form,
    alert: byId("intake-alert"),
    endpoint: "/api/staff/requests",
    extra: (f) => ({ channel: value(f, "channel") }),
    onSubmitted: (result) => {
      const channel = value(form, "channel");
      replaceChildren(byId("submitted-code"), result.displayCode);
      byId<HTMLAnchorElement>("submitted-detail").href = `/admin/request?code=${encodeURIComponent(result.trackingCode)}`;
      byId<HTMLAnchorElement>("submitted-track").href = `/track/${encodeURIComponent(result.trackingCode)}`;
      done.hidden = false;
      done.focus();
      // Ready for the next caller, on the same channel.
      reset();
      byId<HTMLSelectElement>("channel").value = channel;
    },
  });
  markReady();
});
