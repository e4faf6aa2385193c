import { t } from "./i18n";

/** A ProblemDetails answer: status, stable code, a title a person can read, and per-field errors for validation. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly errors: Record<string, string[]> = {},
    readonly retryAfterSeconds?: number,
  ) {
    super(title);
  }
}

let antiforgeryToken: Promise<string> | undefined;

/** Antiforgery tokens are bound to the sign-in; forget the token whenever that changes. */
export function forgetAntiforgeryToken(): void {
  antiforgeryToken = undefined;
}

async function fetchToken(): Promise<string> {
  const response = await fetch("/api/auth/antiforgery", { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!response.ok) throw await toError(response);
  return ((await response.json()) as { token: string }).token;
}

export async function apiGet<T>(path: string): Promise<T> {
  return request<T>("GET", path);
}

export async function apiSend<T>(method: "POST" | "PATCH" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T> {
  return request<T>(method, path, body);
}

/** Posts a multipart form (a file upload): the browser sets the boundary; antiforgery and errors work as for JSON. */
export async function apiUpload<T>(path: string, form: FormData): Promise<T> {
  return request<T>("POST", path, form);
}

async function request<T>(method: string, path: string, body?: unknown, retried = false): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const payload = body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body);
  if (typeof payload === "string") headers["Content-Type"] = "application/json";
  if (method !== "GET") {
    antiforgeryToken ??= fetchToken();
    headers["X-CSRF-TOKEN"] = await antiforgeryToken;
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: "same-origin", body: payload });
  } catch {
    throw new ApiError(0, "network", t("errors.network"));
  }
  if (response.ok) {
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
  const error = await toError(response);
  if (error.code === "antiforgery" && !retried) {
    forgetAntiforgeryToken();
    return request<T>(method, path, body, true);
  }
  throw error;
}

async function toError(response: Response): Promise<ApiError> {
  let problem: { code?: string; title?: string; errors?: Record<string, string[]> } = {};
  try {
    problem = await response.json();
  } catch {
    // Not JSON (a proxy's error page): fall back to a generic message.
  }
  const retryAfter = Number(response.headers.get("Retry-After"));
  return new ApiError(response.status, problem.code ?? "error", problem.title ?? t("errors.unexpected"), problem.errors ?? {}, Number.isFinite(retryAfter) ? retryAfter : undefined);
}
