/*
 * Signing in with the district's OpenID Connect provider: the authorization code flow with PKCE
 * (RFC 7636), for a public client (the browser holds no secret).
 *
 * 1. `startOidcSignIn` makes a code verifier and a state, keeps them in sessionStorage, and sends
 *    the browser to the provider's authorization endpoint with the verifier's S256 challenge.
 * 2. The provider sends it back to /signin/callback?code=…&state=…; `completeOidcSignIn` checks the
 *    state and asks our server (POST /auth/oidc/token) to redeem the code with the verifier. The
 *    server talks to the provider's token endpoint (so the browser needs no CORS from it) and
 *    answers the access token only after checking it as every request's token is checked.
 */
import { paths } from "@/lib/paths";

const KEY = "govgraph.oidc";

type Pending = { state: string; verifier: string; returnTo: string };

export type OidcConfig = { clientId: string; scope: string; authorizationEndpoint: string };

function base64url(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function random(size: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(size)));
}

export function callbackUrl(): string {
  return `${window.location.origin}${paths.oidcCallback}`;
}

export async function startOidcSignIn(config: OidcConfig, returnTo: string): Promise<void> {
  const pending: Pending = { state: random(24), verifier: random(48), returnTo };
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(pending.verifier));
  sessionStorage.setItem(KEY, JSON.stringify(pending));
  const url = new URL(config.authorizationEndpoint);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", config.clientId);
  url.searchParams.set("redirect_uri", callbackUrl());
  url.searchParams.set("scope", config.scope);
  url.searchParams.set("state", pending.state);
  url.searchParams.set("code_challenge", base64url(new Uint8Array(digest)));
  url.searchParams.set("code_challenge_method", "S256");
  window.location.assign(url.toString());
}

/** Why a return from the provider cannot be used: a key of messages.signIn.oidcErrors, or the provider's words. */
export class OidcError extends Error {
  constructor(
    readonly kind: "state" | "provider" | "server",
    detail: string,
  ) {
    super(detail);
  }
}

export async function completeOidcSignIn(search: URLSearchParams): Promise<{ token: string; returnTo: string }> {
  const raw = sessionStorage.getItem(KEY);
  sessionStorage.removeItem(KEY);
  const pending = raw ? (JSON.parse(raw) as Pending) : null;
  const error = search.get("error");
  if (error) throw new OidcError("provider", search.get("error_description") ?? error);
  const code = search.get("code");
  if (!pending || !code || search.get("state") !== pending.state) throw new OidcError("state", "");
  const response = await fetch("/auth/oidc/token", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ code, codeVerifier: pending.verifier, redirectUri: callbackUrl() }),
  });
  const body = (await response.json().catch(() => ({}))) as { token?: string; error?: { message?: string } };
  if (!response.ok || !body.token) throw new OidcError("server", body.error?.message ?? "");
  return { token: body.token, returnTo: pending.returnTo };
}
