import { ApiError, apiGet } from "./api";

export interface Me {
  username: string;
  displayName: string;
  role: string;
  roleLabel: string;
  scope: { kind: string; id: string | null; name: string | null };
  capabilities: string[];
}

/** The signed-in staff member, or null for a visitor. */
export async function currentUser(): Promise<Me | null> {
  try {
    return await apiGet<Me>("/api/auth/me");
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** Sends a visitor to the sign-in page and back here afterwards. */
export async function requireSignIn(): Promise<Me> {
  const me = await currentUser();
  if (me) return me;
  const returnUrl = location.pathname + location.search;
  location.assign(`/signin?returnUrl=${encodeURIComponent(returnUrl)}`);
  return new Promise<Me>(() => undefined);
}

/** Only same-site paths are followed after sign-in, so a crafted link cannot send staff elsewhere. */
export function safeReturnUrl(value: string | null): string {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : "/admin/";
}
