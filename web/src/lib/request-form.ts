import { ApiError, apiSend } from "./api";
import { byId, replaceChildren } from "./dom";
import { clearErrors, showErrors, submitting, value } from "./forms";
import { t } from "./i18n";
import { SubmittedRequest } from "./requests";

/**
 * One key per filled-in form: a double tap, or a retry after a lost answer, sends the same key and the
 * server answers with the request it already stored instead of storing a second one.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A live "n / max" count under a text area. The visible count follows every keystroke; screen readers
 * hear it only after a pause in typing, not on every character.
 */
export function wireCharacterCount(field: HTMLTextAreaElement | HTMLInputElement, counter: HTMLElement, live: HTMLElement, max: number): () => void {
  let timer: number | undefined;
  const update = () => {
    const length = field.value.length;
    const over = length > max;
    const text = over ? t("request.countOver", { count: length - max, max }) : t("request.count", { count: length, max });
    replaceChildren(counter, text);
    counter.classList.toggle("char-count-over", over);
    window.clearTimeout(timer);
    timer = window.setTimeout(() => replaceChildren(live, text), 1000);
  };
  field.addEventListener("input", update);
  update();
  return update;
}

export interface RequestFormOptions {
  form: HTMLFormElement;
  alert: HTMLElement;
  endpoint: string;
  /** Fields beyond the shared ones: the honeypot on the resident form, the channel on staff entry. */
  extra: (form: HTMLFormElement) => Record<string, unknown>;
  onSubmitted: (result: SubmittedRequest) => void;
}

/** Wires the shared request fields (partial request-fields.html) to a submit endpoint. Returns a reset for "submit another". */
export function wireRequestForm(options: RequestFormOptions): () => void {
  const { form, alert } = options;
  let idempotencyKey = newIdempotencyKey();
  const recount = wireCharacterCount(byId<HTMLTextAreaElement>("description"), byId("description-count"), byId("description-count-live"), 4000);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, alert);
    const body = {
      title: value(form, "title"),
      description: value(form, "description"),
      communityId: value(form, "communityId"),
      address: value(form, "address") || null,
      phone: value(form, "phone") || null,
      isPublic: value(form, "isPublic") === "true",
      idempotencyKey,
      ...options.extra(form),
    };
    try {
      const result = await submitting(form, () => apiSend<SubmittedRequest>("POST", options.endpoint, body));
      options.onSubmitted(result);
    } catch (error) {
      showErrors(form, alert, friendlier(error));
    }
  });

  return () => {
    form.reset();
    clearErrors(form, alert);
    idempotencyKey = newIdempotencyKey();
    byId("town").dispatchEvent(new Event("change"));
    recount();
  };
}

/** Rate limits and oversized bodies get a sentence a resident understands, with the wait when the server gives one. */
function friendlier(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  if (error.status === 429) {
    const seconds = error.retryAfterSeconds && error.retryAfterSeconds > 0 ? Math.ceil(error.retryAfterSeconds) : 60;
    return new ApiError(429, error.code, t("request.tooMany", { seconds }));
  }
  if (error.status === 413) return new ApiError(413, error.code, t("request.tooLarge"));
  return error;
}
