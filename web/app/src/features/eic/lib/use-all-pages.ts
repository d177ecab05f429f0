/*
 * Every page of a Relay connection, read one after another (100 a page) and kept together: the desk
 * groups, charts and filters the whole list in the browser. Capped, so a huge district cannot keep
 * the page reading for ever; `truncated` says when the cap cut it.
 */
import { useApolloClient } from "@apollo/client/react";
import type { TypedDocumentNode } from "@apollo/client";
import { useEffect, useState } from "react";

export const MAX_ITEMS = 5000;

type Page<T> = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor?: string | null }; edges: { node: T }[] };

export type AllPages<T> = { items: T[]; total: number; loading: boolean; error: unknown; truncated: boolean };

export function useAllPages<Q, V extends { after?: string | null }, T>(
  document: TypedDocumentNode<Q, V>,
  variables: Omit<V, "after">,
  pick: (data: Q) => Page<T>,
  key: string,
): AllPages<T> {
  const client = useApolloClient();
  // What was read, and for which `key`: a list read for other variables is still loading.
  const [state, setState] = useState<AllPages<T> & { key: string | null }>({ key: null, items: [], total: 0, loading: true, error: null, truncated: false });
  useEffect(() => {
    let live = true;
    const read = async () => {
      const items: T[] = [];
      let after: string | null = null;
      let total = 0;
      for (;;) {
        const { data } = await client.query({ query: document, variables: { ...variables, after } as V, fetchPolicy: "network-only" });
        if (!data) break;
        const page = pick(data);
        total = page.totalCount;
        items.push(...page.edges.map((e) => e.node));
        if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor || items.length >= MAX_ITEMS) break;
        after = page.pageInfo.endCursor;
      }
      if (live) setState({ key, items, total, loading: false, error: null, truncated: items.length < total });
    };
    read().catch((error: unknown) => {
      if (live) setState({ key, items: [], total: 0, loading: false, error, truncated: false });
    });
    return () => {
      live = false;
    };
    // `key` names the variables: the list is read again when they change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, document, key]);
  return state.key === key ? state : { ...state, loading: true, error: null };
}
