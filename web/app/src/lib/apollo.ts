/*
 * The app's GraphQL client: Apollo Client over /graphql, as any front-end would use our API.
 *
 * - Every request carries the signed-in user's token (lib/token); a 401 tells the token store why
 *   the server refused it, so the app can say so and offer to sign in again.
 * - The cache keys objects by their global `id` (with `__typename`), and lists are Relay connections
 *   merged page by page (relayStylePagination), one cache entry per filter.
 */
import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { relayStylePagination } from "@apollo/client/utilities";

import { tokenStore } from "@/lib/token";

type ErrorBody = { errors?: { extensions?: { code?: string; reason?: string } }[] };

/** The header a query sets (`context: PUBLIC`) to go without the token: what anyone may read (enum labels). */
const PUBLIC_HEADER = "X-Govgraph-Public";
export const PUBLIC = { headers: { [PUBLIC_HEADER]: "1" } };

/** fetch with the bearer token (unless the query is public); reports a refused token to the token store. */
export async function authorisedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const headers = new Headers(init?.headers);
  const anonymous = headers.has(PUBLIC_HEADER);
  headers.delete(PUBLIC_HEADER);
  const token = anonymous ? null : tokenStore.get().token;
  if (token) headers.set("Authorization", `Bearer ${token}`);
  const response = await fetch(input, { ...init, headers });
  if (response.status === 401 && token) {
    let reason = "UNAUTHENTICATED";
    try {
      const body = (await response.clone().json()) as ErrorBody;
      reason = body.errors?.[0]?.extensions?.reason ?? reason;
    } catch {
      // not JSON: the generic reason stands
    }
    tokenStore.refuse(token, reason);
  }
  return response;
}

const connection = relayStylePagination(["filter"]);

export function createClient(): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: "/graphql", fetch: authorisedFetch, headers: { Accept: "application/graphql-response+json, application/json" } }),
    cache: new InMemoryCache({
      typePolicies: {
        Query: {
          fields: {
            resources: connection,
            shareCatalog: connection,
            openCatalog: connection,
            catalogs: relayStylePagination(["filter"]),
            departments: relayStylePagination(["filter"]),
            systems: relayStylePagination(["filter"]),
            // A search's pages, merged as "load more" asks for them: one cache entry per text and filter.
            search: relayStylePagination(["text", "filter"]),
          },
        },
        Me: { keyFields: [] },
      },
    }),
  });
}
