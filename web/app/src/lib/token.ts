/*
 * The signed-in user's bearer token, kept in localStorage so that a reload keeps the session and
 * GraphiQL (/graphql) and the lineage explorer (/explore), served from the same origin, send the
 * same token: one sign-in for all three. The key is the explorer's ("govgraph.token"): the raw JWT,
 * without "Bearer ".
 *
 * The store also remembers why the server last refused the token (its `extensions.reason`), so the
 * app can say so and offer to sign in again. Shared code: features and the Apollo link read it.
 */
export const TOKEN_KEY = "govgraph.token";

export type Refusal = { reason: string };

type Listener = () => void;

export type TokenSnapshot = { token: string | null; refusal: Refusal | null };

const listeners = new Set<Listener>();
let snapshot: TokenSnapshot = { token: readStored(), refusal: null };

function readStored(): string | null {
  try {
    return normaliseToken(window.localStorage.getItem(TOKEN_KEY) ?? "");
  } catch {
    return null;
  }
}

/**
 * The JWT in a pasted value: the bare token, "Bearer <token>", "Authorization: Bearer <token>" or
 * the JSON line scripts/serve prints ({"Authorization": "Bearer <token>"}); null when empty.
 * (The explorer's 令牌 field reads pasted values the same way.)
 */
export function normaliseToken(value: string): string | null {
  const token = value
    .trim()
    .replace(/^["'{]+|["'}]+$/g, "")
    .replace(/^"?authorization"?\s*:\s*/i, "")
    .replace(/^["']|["']$/g, "")
    .replace(/^bearer\s+/i, "")
    .trim();
  return token ? token : null;
}

function publish(next: TokenSnapshot): void {
  snapshot = next;
  for (const listener of listeners) listener();
}

export const tokenStore = {
  get: (): TokenSnapshot => snapshot,
  subscribe: (listener: Listener): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Sign in with `token` (kept across reloads), or sign out with null. */
  set(token: string | null): void {
    const clean = token === null ? null : normaliseToken(token);
    try {
      if (clean) window.localStorage.setItem(TOKEN_KEY, clean);
      else window.localStorage.removeItem(TOKEN_KEY);
    } catch {
      // Storage refused (private mode): the session lasts until the page closes.
    }
    publish({ token: clean, refusal: null });
  },
  /** The server refused `token` (401): forget it, remember why. */
  refuse(token: string, reason: string): void {
    if (snapshot.token !== token) return; // a newer sign-in already replaced it
    try {
      window.localStorage.removeItem(TOKEN_KEY);
    } catch {
      // ignored, as above
    }
    publish({ token: null, refusal: { reason } });
  },
  /** Forget the last refusal (the user has read it). */
  dismiss(): void {
    if (snapshot.refusal) publish({ ...snapshot, refusal: null });
  },
};

// Another tab signed in or out: follow it.
window.addEventListener("storage", (event) => {
  if (event.key === TOKEN_KEY || event.key === null) {
    const token = readStored();
    if (token !== snapshot.token) publish({ token, refusal: null });
  }
});

/** When a JWT expires (its `exp` claim, in ms since the epoch), or null if it does not say. */
export function expiresAt(token: string): number | null {
  const part = token.split(".")[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "="));
    const claims = JSON.parse(json) as { exp?: unknown };
    return typeof claims.exp === "number" ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}
