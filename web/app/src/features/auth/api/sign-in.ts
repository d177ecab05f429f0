/*
 * The server's sign-in endpoints (api/signin.py): how one signs in here, and development tokens.
 * Not GraphQL: signing in comes before any GraphQL request can say who you are.
 */
export type AuthConfig = {
  development: boolean;
  /** The district's OpenID Connect provider; `problem` says (in Chinese) why it cannot be used now. */
  oidc: { issuer: string; clientId: string; scope: string; authorizationEndpoint: string | null; problem?: string } | null;
};

export type DevDepartment = { code: string; name: string; shortName: string | null; roles: string[] };
export type DevChoices = { departments: DevDepartment[]; roles: { code: string; label: string }[]; ttlSeconds: number };
export type DevToken = { token: string; expiresAt: string };

/** A refusal of the server, with the field it concerns (when it names one) and its Chinese message. */
export class SignInError extends Error {
  constructor(
    message: string,
    readonly field: string | null,
    readonly status: number,
  ) {
    super(message);
  }
}

async function json<T>(response: Response): Promise<T> {
  if (response.ok) return (await response.json()) as T;
  let field: string | null = null;
  let message = "";
  try {
    const body = (await response.json()) as { error?: { field?: string; message?: string } };
    field = body.error?.field ?? null;
    message = body.error?.message ?? "";
  } catch {
    // not JSON
  }
  throw new SignInError(message, field, response.status);
}

export async function fetchAuthConfig(): Promise<AuthConfig> {
  return json<AuthConfig>(await fetch("/auth/config", { headers: { Accept: "application/json" } }));
}

export async function fetchDevChoices(): Promise<DevChoices> {
  return json<DevChoices>(await fetch("/auth/dev/choices", { headers: { Accept: "application/json" } }));
}

export async function signDevToken(department: string, roles: string[]): Promise<DevToken> {
  const response = await fetch("/auth/dev/token", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ department, roles }),
  });
  return json<DevToken>(response);
}
