/*
 * The lineage picture's graph, as the person has grown it: the first answer, then each expansion of a
 * node on one side (a step), and each collapse, which undoes what a side showed. Pure functions over
 * plain data: the page keeps a `GraphModel` in state and replaces it on every change.
 *
 * A node carries what the API says it leaves out on either side (`moreUpstream`, `moreDownstream`):
 * the expand handles show it. A placeholder the principal may not see has an answer-local ID
 * (`redacted-N`), so its ID is made unique per answer here; the picture folds placeholders into one
 * group per node (view.ts).
 */
import type { FlowKind } from "@/generated/types";
import type { LineageViewQuery } from "@/features/lineage/api/lineage.generated";

export type Side = "up" | "down";
export type Answer = LineageViewQuery["lineage"];
export type ApiNode = Answer["nodes"][number];
export type Usage = NonNullable<ApiNode["usage"]>;

export interface GNode {
  id: string;
  kind: string;
  code: string;
  name: string;
  redacted: boolean;
  /** Neighbours on each side the picture does not show (as the API counted them). */
  more: Record<Side, number>;
  usage: Usage | null;
  shareType: string | null;
  effectiveShareType: string | null;
  provider: string | null;
  /** Steps from the start: the first answer's depth; a node an expansion adds is one farther than its anchor. */
  depth: number;
}

export interface GEdge {
  key: string;
  source: string;
  target: string;
  kind: FlowKind | null;
  relationship: string;
  transform: string | null;
  system: string | null;
  desensitisation: boolean;
}

/** One change of the picture around `anchor` on `side`: what it added, or (a fold) what it took away. */
export interface Step {
  anchor: string;
  side: Side;
  fold: boolean;
  nodes: GNode[];
  edges: GEdge[];
  /** The anchor's `more[side]` before the step. */
  before: number;
}

export interface GraphModel {
  start: string;
  nodes: Map<string, GNode>;
  edges: Map<string, GEdge>;
  steps: Step[];
  truncated: boolean;
  answers: number;
}

export const other = (side: Side): Side => (side === "up" ? "down" : "up");

/** The nodes on `side` of `id`: its sources upstream, what derives from it downstream. */
export function neighbours(model: GraphModel, id: string, side: Side): string[] {
  const found: string[] = [];
  for (const edge of model.edges.values()) {
    if (side === "up" && edge.target === id && edge.source !== id) found.push(edge.source);
    if (side === "down" && edge.source === id && edge.target !== id) found.push(edge.target);
  }
  return found;
}

function toNode(api: ApiNode, id: string, depth: number): GNode {
  const resource = api.node?.__typename === "Resource" ? api.node : null;
  return {
    id,
    kind: api.kind,
    code: api.code,
    name: api.name,
    redacted: api.redacted,
    more: { up: api.moreUpstream, down: api.moreDownstream },
    usage: api.usage ?? null,
    shareType: resource?.shareType ?? null,
    effectiveShareType: resource?.effectiveShareType ?? null,
    provider: resource?.provider ? (resource.provider.shortName ?? resource.provider.name) : null,
    depth,
  };
}

/** An answer's node IDs made unique in the picture: a placeholder's `redacted-N` is the answer's own. */
function idsOf(answer: Answer, serial: number): Map<string, string> {
  return new Map(answer.nodes.map((n) => [n.id, n.redacted ? `${serial}:${n.id}` : n.id]));
}

function toEdges(answer: Answer, ids: Map<string, string>): GEdge[] {
  return answer.edges.map((e) => {
    const source = ids.get(e.source) ?? e.source;
    const target = ids.get(e.target) ?? e.target;
    return {
      key: `${source}>${target}>${e.relationship}`,
      source,
      target,
      kind: e.kind ?? null,
      relationship: e.relationship,
      transform: e.transform ?? null,
      system: e.system ?? null,
      desensitisation: e.desensitisation,
    };
  });
}

/** The picture of a first answer; its start is the node at depth 0 (for an item-level answer of a resource, its resource). */
export function fromAnswer(answer: Answer, startCode: string): GraphModel {
  const ids = idsOf(answer, 0);
  const nodes = new Map<string, GNode>();
  for (const n of answer.nodes) nodes.set(ids.get(n.id) ?? n.id, toNode(n, ids.get(n.id) ?? n.id, n.depth));
  const edges = new Map(toEdges(answer, ids).map((e) => [e.key, e]));
  const start = [...nodes.values()].find((n) => n.code === startCode) ?? [...nodes.values()].find((n) => n.depth === 0);
  return { start: start?.id ?? "", nodes, edges, steps: [], truncated: answer.truncated, answers: 1 };
}

/** The step (open, not folded) that shows `side` of `id`, if the person expanded it. */
export function expansionOf(model: GraphModel, id: string, side: Side): Step | undefined {
  return model.steps.find((s) => s.anchor === id && s.side === side && !s.fold);
}

/** Whether `side` of `id` shows nodes that collapsing it would take away: an expansion of it, or
 * neighbours farther from the start than it (the first answer's walk went on through it). */
export function canCollapse(model: GraphModel, id: string, side: Side): boolean {
  if (expansionOf(model, id, side)) return true;
  const node = model.nodes.get(id);
  if (!node) return false;
  return neighbours(model, id, side).some((n) => (model.nodes.get(n)?.depth ?? 0) > node.depth || id === model.start);
}

/** The picture with an answer about `anchor` on `side` (asked with depth 1) added: its neighbours there
 * and the edges among what is drawn; every node already drawn stays as it is. */
export function expand(model: GraphModel, anchor: string, side: Side, answer: Answer): GraphModel {
  const at = model.nodes.get(anchor);
  if (!at) return model;
  const serial = model.answers;
  const ids = idsOf(answer, serial);
  const nodes = new Map(model.nodes);
  const added: GNode[] = [];
  for (const n of answer.nodes) {
    const id = ids.get(n.id) ?? n.id;
    if (n.depth === 0) continue;
    if (n.depth === 1 && !nodes.has(id)) {
      const node = toNode(n, id, at.depth + 1);
      nodes.set(id, node);
      added.push(node);
    }
  }
  const edges = new Map(model.edges);
  const newEdges: GEdge[] = [];
  for (const e of toEdges(answer, ids)) {
    if (!edges.has(e.key) && nodes.has(e.source) && nodes.has(e.target)) {
      edges.set(e.key, e);
      newEdges.push(e);
    }
  }
  const startAnswer = answer.nodes.find((n) => n.depth === 0);
  const left = startAnswer ? (side === "up" ? startAnswer.moreUpstream : startAnswer.moreDownstream) : 0;
  nodes.set(anchor, { ...at, more: { ...at.more, [side]: left } });
  const step: Step = { anchor, side, fold: false, nodes: added, edges: newEdges, before: at.more[side] };
  return { ...model, nodes, edges, steps: [...model.steps, step], answers: model.answers + 1, truncated: model.truncated };
}

function without(model: GraphModel, step: Step): GraphModel {
  const nodes = new Map(model.nodes);
  const edges = new Map(model.edges);
  const gone = new Set(step.nodes.map((n) => n.id));
  for (const id of gone) nodes.delete(id);
  for (const e of step.edges) edges.delete(e.key);
  for (const [key, e] of edges) if (gone.has(e.source) || gone.has(e.target)) edges.delete(key);
  const anchor = nodes.get(step.anchor);
  if (anchor) nodes.set(step.anchor, { ...anchor, more: { ...anchor.more, [step.side]: step.before } });
  return { ...model, nodes, edges, steps: model.steps.filter((s) => s !== step) };
}

/** Undo `step` and every later step anchored on a node it added (recursively). */
function undo(model: GraphModel, step: Step): GraphModel {
  let next = without(model, step);
  const gone = new Set(step.nodes.map((n) => n.id));
  for (const later of model.steps.slice(model.steps.indexOf(step) + 1)) {
    if (gone.has(later.anchor) && next.steps.includes(later)) next = undo(next, later);
  }
  return next;
}

/** Whether each node is still joined to the start by the edges that remain. */
function joined(model: GraphModel, edges: Map<string, GEdge>): Set<string> {
  const reached = new Set<string>([model.start]);
  const around = new Map<string, string[]>();
  for (const e of edges.values()) {
    around.set(e.source, [...(around.get(e.source) ?? []), e.target]);
    around.set(e.target, [...(around.get(e.target) ?? []), e.source]);
  }
  const queue = [model.start];
  while (queue.length) {
    const id = queue.shift() as string;
    for (const n of around.get(id) ?? []) {
      if (reached.has(n)) continue;
      reached.add(n);
      queue.push(n);
    }
  }
  return reached;
}

/** The picture with `side` of `id` collapsed: its expansion undone, or (a side the first answer
 * showed) the nodes on that side that only it joins to the start folded away, to unfold again as they were. */
export function collapse(model: GraphModel, id: string, side: Side): GraphModel {
  const step = expansionOf(model, id, side);
  if (step) return undo(model, step);
  const node = model.nodes.get(id);
  if (!node) return model;
  const cut = new Set(
    [...model.edges.values()]
      .filter((e) => (side === "up" ? e.target === id : e.source === id))
      .filter((e) => {
        const far = model.nodes.get(side === "up" ? e.source : e.target);
        return far !== undefined && (far.depth > node.depth || id === model.start);
      })
      .map((e) => e.key),
  );
  const kept = new Map([...model.edges].filter(([key]) => !cut.has(key)));
  const reach = joined(model, kept);
  const goneNodes = [...model.nodes.values()].filter((n) => !reach.has(n.id));
  const goneIds = new Set(goneNodes.map((n) => n.id));
  const goneEdges = [...model.edges.values()].filter((e) => cut.has(e.key) || goneIds.has(e.source) || goneIds.has(e.target));
  const nodes = new Map([...model.nodes].filter(([key]) => !goneIds.has(key)));
  const edges = new Map([...model.edges].filter(([key]) => !goneEdges.some((e) => e.key === key)));
  const hiddenNeighbours = new Set(goneEdges.filter((e) => cut.has(e.key)).map((e) => (side === "up" ? e.source : e.target)));
  nodes.set(id, { ...node, more: { ...node.more, [side]: node.more[side] + hiddenNeighbours.size } });
  const fold: Step = { anchor: id, side, fold: true, nodes: goneNodes, edges: goneEdges, before: node.more[side] };
  return { ...model, nodes, edges, steps: [...model.steps, fold] };
}

/** The fold of `side` of `id`, if the person folded what the first answer showed there. */
export function foldOf(model: GraphModel, id: string, side: Side): Step | undefined {
  return model.steps.find((s) => s.anchor === id && s.side === side && s.fold);
}

/** Unfold a fold: everything it took away comes back as it was. */
export function unfold(model: GraphModel, fold: Step): GraphModel {
  const nodes = new Map(model.nodes);
  for (const n of fold.nodes) nodes.set(n.id, n);
  const edges = new Map(model.edges);
  for (const e of fold.edges) edges.set(e.key, e);
  const anchor = nodes.get(fold.anchor);
  if (anchor) nodes.set(fold.anchor, { ...anchor, more: { ...anchor.more, [fold.side]: fold.before } });
  return { ...model, nodes, edges, steps: model.steps.filter((s) => s !== fold) };
}
