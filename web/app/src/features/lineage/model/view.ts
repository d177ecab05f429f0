/*
 * What the picture draws of a graph model, folded to stay readable:
 * - placeholders the principal may not see are one group per node and side ("N 个无权查看"), chains of
 *   them included, never one box each;
 * - a node with more than `fanout` leaves on one side shows the first ones and a group for the rest
 *   ("另有 N 个"), which opens on a click;
 * - at item level, each item sits inside its resource (a compound node), and the resources' own links
 *   to their items are not drawn as edges.
 * Uses and consumers are not drawn unless their kind is on: the API counts them on their resource
 * (`usage`), which the node shows as badges.
 */
import type { GEdge, GNode, GraphModel, Side } from "@/features/lineage/model/graph";
import { canCollapse, foldOf } from "@/features/lineage/model/graph";

export type VKind = "entity" | "hidden" | "overflow" | "container" | "item";

export interface VNode {
  id: string;
  type: VKind;
  node: GNode | null;
  /** For a group: how many it stands for, and the node and side it hangs on. */
  count: number;
  owner: string | null;
  side: Side | null;
  /** For an item: its resource's node ID (the container it is drawn in). */
  parent: string | null;
  /** Items inside a container, in order. */
  children: string[];
  canExpand: Record<Side, boolean>;
  canCollapse: Record<Side, boolean>;
  start: boolean;
}

export interface VEdge {
  id: string;
  source: string;
  target: string;
  edge: GEdge | null;
  /** An edge between two containers, standing for the item edges between their items. */
  summary: boolean;
}

export interface ViewOptions {
  fanout: number;
  /** Boxes a first picture draws at most (groups included), nearest the start first. */
  budget: number;
  /** Draw everything (no fan-out or budget folding). */
  all: boolean;
  opened: ReadonlySet<string>;
  itemLevel: boolean;
}

const NONE: Record<Side, boolean> = { up: false, down: false };

function group(id: string, type: VKind, owner: string, side: Side, count: number): VNode {
  return { id, type, node: null, count, owner, side, parent: null, children: [], canExpand: NONE, canCollapse: NONE, start: false };
}

function byName(a: GNode, b: GNode): number {
  return a.name.localeCompare(b.name, "zh-CN") || a.code.localeCompare(b.code);
}

/** Each placeholder's group: the first visible node (nearest the start first) it hangs from, on its side. */
function hiddenGroups(model: GraphModel, edges: GEdge[]): Map<string, string> {
  const owner = new Map<string, string>();
  const visible = [...model.nodes.values()].filter((n) => !n.redacted).sort((a, b) => a.depth - b.depth || byName(a, b));
  const out = new Map<string, string[]>();
  const into = new Map<string, string[]>();
  for (const e of edges) {
    out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
    into.set(e.target, [...(into.get(e.target) ?? []), e.source]);
  }
  for (const v of visible) {
    for (const side of ["up", "down"] as const) {
      const next = side === "up" ? into : out;
      const queue = [...(next.get(v.id) ?? [])];
      while (queue.length) {
        const id = queue.shift() as string;
        const n = model.nodes.get(id);
        if (!n?.redacted || owner.has(id)) continue;
        owner.set(id, `hidden:${v.id}:${side}`);
        queue.push(...(next.get(id) ?? []));
      }
    }
  }
  for (const n of model.nodes.values()) if (n.redacted && !owner.has(n.id)) owner.set(n.id, `hidden:${model.start}:down`);
  return owner;
}

export interface View {
  nodes: VNode[];
  edges: VEdge[];
  /** Each node not drawn on its own, and the group that stands for it. */
  folded: Map<string, string>;
}

/** The view of `model`: nodes (groups included) and edges between what is drawn. */
export function view(model: GraphModel, options: ViewOptions): View {
  const all = [...model.edges.values()];
  const flow = all.filter((e) => e.kind !== null || !options.itemLevel);
  const owner = hiddenGroups(model, flow);
  const mapped = (id: string) => owner.get(id) ?? id;
  const nodes = new Map<string, VNode>();
  const groupSizes = new Map<string, number>();
  for (const [id, g] of owner) groupSizes.set(g, (groupSizes.get(g) ?? 0) + (model.nodes.get(id) ? 1 : 0));

  // Items inside their resources: a resource an item-level answer brought along is a container.
  const containerOf = new Map<string, string>();
  if (options.itemLevel) {
    for (const e of all) if (e.kind === null && e.relationship === "HAS_ITEM") containerOf.set(e.target, e.source);
  }
  const containers = new Set(containerOf.values());

  for (const n of model.nodes.values()) {
    if (n.redacted && !containers.has(n.id)) continue;
    const type: VKind = containers.has(n.id) ? "container" : containerOf.has(n.id) ? "item" : "entity";
    nodes.set(n.id, {
      id: n.id,
      type,
      node: n,
      count: 1,
      owner: null,
      side: null,
      parent: containerOf.get(n.id) ?? null,
      children: [],
      canExpand: { up: n.more.up > 0 || foldOf(model, n.id, "up") !== undefined, down: n.more.down > 0 || foldOf(model, n.id, "down") !== undefined },
      canCollapse: { up: canCollapse(model, n.id, "up"), down: canCollapse(model, n.id, "down") },
      start: n.id === model.start,
    });
  }
  for (const [id, size] of groupSizes) {
    const [, ownerId = "", side = "down"] = /^hidden:(.*):(up|down)$/.exec(id) ?? [];
    if (!nodes.has(id)) nodes.set(id, group(id, "hidden", ownerId, side as Side, size));
  }
  for (const [item, resource] of containerOf) {
    const container = nodes.get(resource);
    if (container && nodes.has(item)) container.children.push(item);
  }
  for (const c of nodes.values()) {
    if (c.type === "container") c.children.sort((a, b) => byName(model.nodes.get(a) as GNode, model.nodes.get(b) as GNode));
  }

  // Edges between what is drawn, placeholders by their group (each pair once).
  const edges = new Map<string, VEdge>();
  for (const e of flow) {
    if (options.itemLevel && e.kind === null) continue;
    const source = mapped(e.source);
    const target = mapped(e.target);
    if (source === target || !nodes.has(source) || !nodes.has(target)) continue;
    const id = `${source}>${target}`;
    if (!edges.has(id)) edges.set(id, { id, source, target, edge: source === e.source && target === e.target ? e : null, summary: false });
  }

  const asked = new Set(model.steps.filter((s) => !s.fold).flatMap((s) => s.nodes.map((n) => n.id)));
  const folded = foldFanout(nodes, edges, options, asked);
  for (const [id, g] of owner) folded.set(id, g);
  return { nodes: [...nodes.values()], edges: [...edges.values()], folded };
}

/** The children a side shows: those a person asked for, then as many more as fit both `fanout` boxes on
 * the side and the `budget` left, each costing its box and its placeholder groups (`cost`), and keeping
 * room for the "另有 N 个" group when some are left out. */
function fitting(children: VNode[], asked: ReadonlySet<string>, fanout: number, budget: number, cost: (id: string) => number): VNode[] {
  const shown = children.filter((n) => asked.has(n.id));
  let left = budget - shown.reduce((sum, n) => sum + cost(n.id), 0);
  for (const child of children) {
    if (asked.has(child.id)) continue;
    const group = children.length - shown.length - 1 > 0 ? 1 : 0; // the group box, if some are still left out
    if (shown.length + 1 + group > fanout || cost(child.id) + group > left) break;
    shown.push(child);
    left -= cost(child.id);
  }
  return shown;
}

/** What is drawn of a big answer, nearest the start first: each node shows at most `fanout` of its children
 * on a side (drawn nodes farther from the start than it), and the whole picture at most `budget` boxes;
 * the rest of a node's children are one "另有 N 个" group, which opens on a click. What lies only behind
 * a group is not drawn until it opens. Nodes a person asked for (an expansion's) are always drawn;
 * `all` draws everything. Edges of a folded node are its group's. */
function foldFanout(nodes: Map<string, VNode>, edges: Map<string, VEdge>, options: ViewOptions, asked: ReadonlySet<string>): Map<string, string> {
  const folded = new Map<string, string>();
  if (options.all) return folded;
  const entities = [...nodes.values()].filter((v) => v.type === "entity" && v.node);
  const order = entities.sort((a, b) => (a.node as GNode).depth - (b.node as GNode).depth || byName(a.node as GNode, b.node as GNode));
  const visible = new Set<string>(order.filter((v) => v.start || (v.node as GNode).depth === 0).map((v) => v.id));
  // A box costs itself and the placeholder groups hanging on it.
  const cost = (id: string) => 1 + Number(nodes.has(`hidden:${id}:up`)) + Number(nodes.has(`hidden:${id}:down`));
  let budget = options.budget - [...visible].reduce((sum, id) => sum + cost(id), 0);
  const behind = new Set<string>();
  const depthOf = (id: string) => nodes.get(id)?.node?.depth ?? Number.POSITIVE_INFINITY;
  for (const v of order) {
    const depth = (v.node as GNode).depth;
    if (folded.has(v.id)) continue;
    if (!visible.has(v.id)) {
      // Not a child a drawn node showed: behind a group if a nearer neighbour is folded, else (reached
      // through a placeholder group, say) drawn.
      const nearer = [...edges.values()].flatMap((e) => (e.target === v.id ? [e.source] : e.source === v.id ? [e.target] : [])).filter((n) => depthOf(n) < depth);
      // Past the budget it waits too, unless a person asked for it (全部画出 draws it).
      if (nearer.some((n) => folded.has(n) || behind.has(n)) || (!asked.has(v.id) && cost(v.id) > budget)) {
        behind.add(v.id);
        continue;
      }
      visible.add(v.id);
      budget -= cost(v.id);
    }
    for (const side of ["up", "down"] as const) {
      const id = `more:${v.id}:${side}`;
      const children = [...edges.values()]
        .filter((e) => (side === "up" ? e.target === v.id : e.source === v.id))
        .map((e) => nodes.get(side === "up" ? e.source : e.target))
        .filter((n): n is VNode => n !== undefined && n.type === "entity" && n.node !== null && n.node.depth > depth && !visible.has(n.id) && !folded.has(n.id))
        .sort((a, b) => Number(asked.has(b.id)) - Number(asked.has(a.id)) || byName(a.node as GNode, b.node as GNode));
      if (children.length === 0) continue;
      const shown = options.opened.has(id) ? children : fitting(children, asked, options.fanout, budget, cost);
      for (const child of shown) {
        visible.add(child.id);
        budget -= cost(child.id);
      }
      if (shown.length === children.length) continue;
      for (const child of children.slice(shown.length)) folded.set(child.id, id);
      nodes.set(id, group(id, "overflow", v.id, side, children.length - shown.length));
      budget -= 1;
    }
  }
  // Behind a group: neither drawn nor counted in a group of their own (they come when it opens).
  for (const id of behind) nodes.delete(id);
  for (const id of folded.keys()) nodes.delete(id);
  // A placeholder group goes with the node it hangs on.
  for (const g of [...nodes.values()]) if (g.type === "hidden" && g.owner && !nodes.has(g.owner)) nodes.delete(g.id);
  if (folded.size === 0) return folded;
  const remapped = new Map<string, VEdge>();
  for (const e of edges.values()) {
    const source = folded.get(e.source) ?? e.source;
    const target = folded.get(e.target) ?? e.target;
    if (source === target || !nodes.has(source) || !nodes.has(target)) continue;
    const id = `${source}>${target}`;
    if (!remapped.has(id)) remapped.set(id, { ...e, id, source, target, edge: source === e.source && target === e.target ? e.edge : null });
  }
  edges.clear();
  for (const [id, e] of remapped) edges.set(id, e);
  return folded;
}
