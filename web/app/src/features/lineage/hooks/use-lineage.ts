/*
 * The picture's graph and the requests that grow it: the first answer for the question, then one
 * answer of depth 1 per expansion (only that node's neighbours on that side). Answers are not cached:
 * the same node answers differently from another start (its depth, what it leaves out), and Apollo
 * would merge those by ID. The state remembers which question it answers, so a new question reads as
 * loading until its answer comes (no state set inside the effect).
 */
import { useApolloClient } from "@apollo/client/react";
import { useCallback, useEffect, useState } from "react";

import { LineageViewDocument } from "@/features/lineage/api/lineage.generated";
import { type GraphModel, type Side, collapse, expand, fromAnswer, foldOf, unfold } from "@/features/lineage/model/graph";
import type { LineageOptions } from "@/features/lineage/model/options";

export type Status = { state: "loading" } | { state: "error"; error: unknown } | { state: "ready" };

interface Held {
  key: string;
  model: GraphModel | null;
  status: Status;
  answeredAt: number | null;
}

export interface Lineage {
  /** The question the model answers (the options as a key): a new one is laid out afresh. */
  question: string;
  model: GraphModel | null;
  status: Status;
  /** performance.now() when the first answer was in (the page's and the benchmark's timing). */
  answeredAt: number | null;
  busy: string | null;
  expandSide: (id: string, side: Side) => Promise<void>;
  collapseSide: (id: string, side: Side) => void;
}

const keyOf = (options: LineageOptions | null) => (options ? JSON.stringify(options) : "");

export function useLineage(options: LineageOptions | null): Lineage {
  const client = useApolloClient();
  const key = keyOf(options);
  const [held, setHeld] = useState<Held>({ key: "", model: null, status: { state: "loading" }, answeredAt: null });
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    if (!options) return;
    let live = true;
    client
      .query({
        query: LineageViewDocument,
        variables: { code: options.code, direction: options.direction, depth: options.depth, level: options.level, follow: options.kinds },
        fetchPolicy: "no-cache",
      })
      .then((result) => {
        if (!live) return;
        if (result.data) {
          setHeld({ key, model: fromAnswer(result.data.lineage, options.code), status: { state: "ready" }, answeredAt: performance.now() });
        } else {
          setHeld({ key, model: null, status: { state: "error", error: result.error }, answeredAt: null });
        }
      })
      .catch((error: unknown) => {
        if (live) setHeld({ key, model: null, status: { state: "error", error }, answeredAt: null });
      });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the question is `key`
  }, [client, key]);

  const current = held.key === key ? held : null;
  const model = current?.model ?? null;

  const expandSide = useCallback(
    async (id: string, side: Side) => {
      const node = model?.nodes.get(id);
      if (!model || !node || !options) return;
      const fold = foldOf(model, id, side);
      if (fold) {
        setHeld((h) => (h.model ? { ...h, model: unfold(h.model, fold) } : h));
        return;
      }
      setBusy(id);
      try {
        const result = await client.query({
          query: LineageViewDocument,
          variables: { code: node.code, direction: side === "up" ? "UPSTREAM" : "DOWNSTREAM", depth: 1, level: options.level, follow: options.kinds },
          fetchPolicy: "no-cache",
        });
        const answer = result.data?.lineage;
        if (answer) setHeld((h) => (h.model ? { ...h, model: expand(h.model, id, side, answer) } : h));
        else setHeld((h) => ({ ...h, status: { state: "error", error: result.error } }));
      } catch (error) {
        setHeld((h) => ({ ...h, status: { state: "error", error } }));
      } finally {
        setBusy(null);
      }
    },
    [client, model, options],
  );

  const collapseSide = useCallback((id: string, side: Side) => {
    setHeld((h) => (h.model ? { ...h, model: collapse(h.model, id, side) } : h));
  }, []);

  return { question: key, model, status: current?.status ?? { state: "loading" }, answeredAt: current?.answeredAt ?? null, busy, expandSide, collapseSide };
}
