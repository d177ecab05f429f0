/*
 * The session: the token (lib/token), who it names (the `me` query), and why the server last
 * refused a token. One provider for the whole app; pages read it with `useAuth()`.
 */
import { useApolloClient, useQuery } from "@apollo/client/react";
import { createContext, useContext, useEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from "react";

import { MeDocument, type MeQuery } from "@/features/auth/api/me.generated";
import { expiresAt, type Refusal, tokenStore } from "@/lib/token";

export type Me = MeQuery["me"];

export type Auth = {
  /** "public": no token; "checking": asking who the token names; "signed-in"; "unconfirmed": the server could not be asked. */
  status: "public" | "checking" | "signed-in" | "unconfirmed";
  token: string | null;
  me: Me | null;
  refusal: Refusal | null;
  signIn(token: string): void;
  signOut(): void;
  dismissRefusal(): void;
};

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useApolloClient();
  const { token, refusal } = useSyncExternalStore(tokenStore.subscribe, tokenStore.get);
  const { data, loading, error } = useQuery(MeDocument, { fetchPolicy: "network-only", skip: token === null });

  // A new principal sees other things: drop what the cache holds and ask again.
  const previous = useRef(token);
  useEffect(() => {
    if (previous.current !== token) {
      previous.current = token;
      // Refetches the queries on screen; one aborted because its page closed meanwhile is no error.
      client.resetStore().catch(() => undefined);
    }
  }, [client, token]);

  // The token's own expiry: say so when it comes, rather than at the next refused request.
  useEffect(() => {
    if (!token) return;
    const at = expiresAt(token);
    if (at === null) return;
    const refuse = () => tokenStore.refuse(token, "TOKEN_EXPIRED");
    const wait = at - Date.now();
    if (wait <= 0) {
      refuse();
      return;
    }
    const timer = window.setTimeout(refuse, Math.min(wait, 2_147_483_647));
    return () => window.clearTimeout(timer);
  }, [token]);

  const value = useMemo<Auth>(() => {
    const me = token && data?.me && data.me.roles.length > 0 ? data.me : null;
    return {
      status: token === null ? "public" : me !== null ? "signed-in" : loading || !error ? "checking" : "unconfirmed",
      token,
      me,
      refusal,
      signIn: (next) => tokenStore.set(next),
      signOut: () => tokenStore.set(null),
      dismissRefusal: () => tokenStore.dismiss(),
    };
  }, [token, data, loading, error, refusal]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (auth === null) throw new Error("useAuth outside AuthProvider");
  return auth;
}
