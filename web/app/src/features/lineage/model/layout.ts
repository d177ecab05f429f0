/*
 * Where each box of the picture goes. The first picture is laid out in layers, data flowing left to
 * right (dagre's layered layout). When the picture grows, every box already drawn is pinned where it
 * is and only the new ones are placed: beside the node they hang from, on its side (upstream left,
 * downstream right), centred on it and moved to the nearest free place in their column, so nothing
 * drawn jumps. Positions are the top-left corners React Flow takes; items are placed inside their
 * resource, row by row.
 */
import dagre from "@dagrejs/dagre";

import type { VEdge, VNode } from "@/features/lineage/model/view";

export interface XY {
  x: number;
  y: number;
}
export interface Size {
  w: number;
  h: number;
}

export const GAP_X = 96;
export const GAP_Y = 20;
export const ITEM_ROW = 30;
const CONTAINER_HEAD = 46;

export function sizeOf(v: VNode): Size {
  switch (v.type) {
    case "hidden":
    case "overflow":
      return { w: 176, h: 48 };
    case "container":
      return { w: 264, h: CONTAINER_HEAD + Math.max(1, v.children.length) * ITEM_ROW + 10 };
    case "item":
      return { w: 240, h: ITEM_ROW - 4 };
    default:
      return { w: 232, h: v.node?.kind === "Resource" ? 84 : 64 };
  }
}

/** An item's place inside its container (relative to the container's corner). */
export function itemOffset(index: number): XY {
  return { x: 12, y: CONTAINER_HEAD + index * ITEM_ROW };
}

/** The top-level box each edge end belongs to (an item's container). */
function topOf(nodes: Map<string, VNode>): (id: string) => string {
  return (id) => nodes.get(id)?.parent ?? id;
}

/** Every top-level box laid out afresh in layers, left to right. */
export function layoutAll(nodes: VNode[], edges: VEdge[]): Map<string, XY> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const top = topOf(byId);
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: GAP_Y, ranksep: GAP_X, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) {
    if (n.parent) continue;
    const size = sizeOf(n);
    g.setNode(n.id, { width: size.w, height: size.h });
  }
  for (const e of edges) {
    const source = top(e.source);
    const target = top(e.target);
    if (source !== target && g.hasNode(source) && g.hasNode(target)) g.setEdge(source, target);
  }
  dagre.layout(g);
  const found = new Map<string, XY>();
  for (const id of g.nodes()) {
    const label = g.node(id) as { x: number; y: number; width: number; height: number };
    found.set(id, { x: Math.round(label.x - label.width / 2), y: Math.round(label.y - label.height / 2) });
  }
  return found;
}

interface Box extends XY, Size {}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w + 8 && b.x < a.x + a.w + 8 && a.y < b.y + b.h + GAP_Y / 2 && b.y < a.y + a.h + GAP_Y / 2;
}

/** The nearest free place for `box` in its column: no vertical move first, then ever further down or up. */
function free(box: Box, placed: Box[]): Box {
  const step = box.h + GAP_Y;
  for (let i = 0; i < 400; i += 1) {
    const shift = i === 0 ? 0 : (i % 2 === 1 ? 1 : -1) * Math.ceil(i / 2) * step;
    const tried = { ...box, y: box.y + shift };
    if (!placed.some((p) => overlaps(tried, p))) return tried;
  }
  return { ...box, y: Math.max(...placed.map((p) => p.y + p.h)) + GAP_Y };
}

/** Positions for every top-level box: those in `pinned` stay where they are; the rest are placed beside
 * the drawn node they hang from. With nothing pinned, the whole picture is laid out in layers. */
export function place(nodes: VNode[], edges: VEdge[], pinned: ReadonlyMap<string, XY>): Map<string, XY> {
  const tops = nodes.filter((n) => !n.parent);
  if (!tops.some((n) => pinned.has(n.id))) return layoutAll(nodes, edges);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const top = topOf(byId);
  const found = new Map<string, XY>();
  const boxes: Box[] = [];
  for (const n of tops) {
    const at = pinned.get(n.id);
    if (!at) continue;
    found.set(n.id, at);
    boxes.push({ ...at, ...sizeOf(n) });
  }
  let waiting = tops.filter((n) => !found.has(n.id));
  while (waiting.length) {
    // Group the next ones by the placed node they hang from and the side they are on.
    const groups = new Map<string, { anchor: string; side: "up" | "down"; members: VNode[] }>();
    for (const n of waiting) {
      for (const e of edges) {
        const source = top(e.source);
        const target = top(e.target);
        const anchor = source === n.id ? target : target === n.id ? source : null;
        if (!anchor || anchor === n.id || !found.has(anchor)) continue;
        const side = target === n.id ? "down" : "up";
        const key = `${anchor}|${side}`;
        const g = groups.get(key) ?? { anchor, side, members: [] };
        if (!g.members.includes(n)) g.members.push(n);
        groups.set(key, g);
        break;
      }
    }
    if (groups.size === 0) {
      // Nothing joins them to what is drawn: below everything.
      let y = Math.max(0, ...boxes.map((b) => b.y + b.h)) + GAP_Y * 2;
      for (const n of waiting) {
        const size = sizeOf(n);
        found.set(n.id, { x: 0, y });
        boxes.push({ x: 0, y, ...size });
        y += size.h + GAP_Y;
      }
      break;
    }
    for (const { anchor, side, members } of groups.values()) {
      const at = found.get(anchor) as XY;
      const anchorSize = sizeOf(byId.get(anchor) as VNode);
      const sizes = members.map(sizeOf);
      const height = sizes.reduce((sum, s) => sum + s.h + GAP_Y, -GAP_Y);
      let y = at.y + anchorSize.h / 2 - height / 2;
      members.forEach((n, i) => {
        const size = sizes[i] as Size;
        const x = side === "down" ? at.x + anchorSize.w + GAP_X : at.x - size.w - GAP_X;
        const box = free({ x, y: Math.round(y), ...size }, boxes);
        found.set(n.id, { x: box.x, y: box.y });
        boxes.push(box);
        y += size.h + GAP_Y;
      });
    }
    waiting = waiting.filter((n) => !found.has(n.id));
  }
  return found;
}
