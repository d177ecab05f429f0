/*
 * What the canvas shows of a view: the boxes where they go and the edges between them, and the
 * questions a person asks of it (which boxes match a search, which lie on a node's own path).
 * Positions are kept from one drawing to the next (layout.place pins every box already drawn), so a
 * picture that grows never moves what the person was looking at.
 */
import type { XY } from "@/features/lineage/model/layout";
import { itemOffset, place } from "@/features/lineage/model/layout";
import type { View, VNode } from "@/features/lineage/model/view";

export interface Drawing {
  question: string;
  view: View;
  positions: Map<string, XY>;
}

/** The view drawn: a new question afresh, the same one with every box already drawn where it was. */
export function redraw(previous: Drawing | null, question: string, view: View): Drawing {
  const pinned = previous && previous.question === question ? previous.positions : new Map<string, XY>();
  const kept = new Map([...pinned].filter(([id]) => view.nodes.some((n) => n.id === id && !n.parent)));
  return { question, view, positions: place(view.nodes, view.edges, kept) };
}

/** Where a box goes on the canvas: a top-level box at its place, an item inside its resource. */
export function positionOf(drawing: Drawing, v: VNode, byId: ReadonlyMap<string, VNode>): XY {
  if (v.parent) {
    const container = byId.get(v.parent);
    const index = container ? container.children.indexOf(v.id) : 0;
    return itemOffset(Math.max(0, index));
  }
  return drawing.positions.get(v.id) ?? { x: 0, y: 0 };
}

/** The boxes a search text matches (name or code, items' codes included); a folded node by its group. */
export function matching(view: View, text: string): Set<string> {
  const wanted = text.trim().toLowerCase();
  const found = new Set<string>();
  if (!wanted) return found;
  for (const v of view.nodes) {
    const n = v.node;
    if (n && !n.redacted && (n.name.toLowerCase().includes(wanted) || n.code.toLowerCase().includes(wanted))) found.add(v.id);
  }
  return found;
}

/** The boxes on `id`'s own path: everything upstream and downstream of it along the drawn edges. */
export function pathOf(view: View, id: string): Set<string> {
  const found = new Set<string>([id]);
  for (const forward of [true, false]) {
    const queue = [id];
    const seen = new Set<string>([id]);
    while (queue.length) {
      const at = queue.shift() as string;
      for (const e of view.edges) {
        const [from, to] = forward ? [e.source, e.target] : [e.target, e.source];
        if (from !== at || seen.has(to)) continue;
        seen.add(to);
        found.add(to);
        queue.push(to);
      }
    }
  }
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  for (const member of [...found]) {
    const parent = byId.get(member)?.parent;
    if (parent) found.add(parent);
  }
  return found;
}
