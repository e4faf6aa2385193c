// The resident's rating of a replied request (评实效): was it resolved, how satisfied are they, an
// optional comment. The tracking code is the proof that the request is theirs; no account is needed.
import { apiSend } from "./api";
import { h } from "./dom";
import { formatDateTime } from "./format";
import { clearErrors, markReady, showErrors, submitting, value } from "./forms";
import { t } from "./i18n";
import { PublicRequest } from "./requests";

function choice(name: string, legend: string, choices: [string, string][]): HTMLElement {
  return h(
    "fieldset",
    { class: "field choice" },
    h("legend", {}, legend),
    ...choices.map(([v, text]) => h("label", { class: "choice-option" }, h("input", { id: `rating-${name}-${v}`, attrs: { type: "radio", name, value: v } }), ` ${text}`)),
  );
}

/** The rating card for a request that canRate; calls onRated with the request as it stands after the rating. */
export function ratingCard(request: PublicRequest, onRated: (rated: PublicRequest) => void): HTMLElement {
  const alert = h("div", { id: "rating-alert", attrs: { role: "alert", tabindex: "-1" } });
  alert.hidden = true;
  const reply = [...request.timeline].reverse().find((event) => event.kind === "reply");
  const form = h(
    "form",
    { id: "rating-form", attrs: { method: "post", novalidate: true } },
    alert,
    choice("resolved", t("rating.resolvedLegend"), [
      ["true", t("rating.resolvedYes")],
      ["false", t("rating.resolvedNo")],
    ]),
    choice("satisfaction", t("rating.satisfactionLegend"), [
      ["satisfied", t("handling.satisfactions.satisfied")],
      ["basically_satisfied", t("handling.satisfactions.basically_satisfied")],
      ["unsatisfied", t("handling.satisfactions.unsatisfied")],
    ]),
    h(
      "div",
      { class: "field" },
      h("label", { attrs: { for: "rating-comment" } }, t("rating.comment"), " ", h("span", { class: "optional" }, t("request.optional"))),
      h("textarea", { id: "rating-comment", attrs: { name: "comment", rows: "3", maxlength: "500", "aria-describedby": "rating-comment-hint" } }),
      h("p", { class: "field-hint", id: "rating-comment-hint" }, t("rating.commentHint")),
    ),
    h("button", { class: "btn btn-primary btn-block", attrs: { type: "submit", disabled: true, "data-ready": true } }, t("rating.submit")),
  );

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, alert);
    const resolved = value(form, "resolved");
    const body = {
      resolved: resolved === "" ? null : resolved === "true",
      satisfaction: value(form, "satisfaction") || null,
      comment: value(form, "comment") || null,
    };
    try {
      onRated(await submitting(form, () => apiSend<PublicRequest>("POST", `/api/requests/${encodeURIComponent(request.trackingCode)}/rating`, body)));
    } catch (error) {
      showErrors(form, alert, error);
    }
  });
  markReady(form);

  return h(
    "section",
    { class: "card rating-card", attrs: { "aria-labelledby": "rating-title" } },
    h("h2", { id: "rating-title" }, t("rating.title")),
    h("p", {}, t("rating.intro")),
    reply?.detail ? h("p", { class: "request-body reply-text" }, reply.detail) : null,
    request.rateBefore ? h("p", { class: "muted" }, t("rating.deadline", { at: formatDateTime(request.rateBefore) })) : null,
    form,
  );
}
