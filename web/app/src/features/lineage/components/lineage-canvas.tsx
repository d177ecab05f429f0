/*
 * The picture itself (React Flow): boxes placed by the drawing, data flowing left to right, a minimap,
 * zoom controls, and every label in Chinese (React Flow's own included, through ariaLabelConfig).
 * Boxes are reached with Tab and selected with Enter or Space; the side buttons inside them expand and
 * collapse. Nothing here asks the API: the page hands it the drawing and what a click should do.
 */
import { Background, Controls, type Edge, MarkerType, MiniMap, type Node, type NodeChange, ReactFlow, useNodesInitialized, useReactFlow } from "@xyflow/react";
import { useEffect, useMemo, useRef } from "react";

import { ActionsContext, type Actions, type BoxNode, NODE_TYPES, titleOf } from "@/features/lineage/components/flow-nodes";
import type { Drawing } from "@/features/lineage/model/drawing";
import { positionOf } from "@/features/lineage/model/drawing";
import { sizeOf } from "@/features/lineage/model/layout";
import { EDGE, EDGE_DESENSITISED, HIGHLIGHT, fillOf } from "@/features/lineage/model/style";
import type { VNode } from "@/features/lineage/model/view";
import { fill, messages } from "@/lib/i18n";

const m = messages.lineage;
/** The smallest zoom a new picture opens at: labels of 13 px stay at least 8.5 px, still readable. */
const READABLE = 0.65;

const ARIA = {
  "node.a11yDescription.default": m.a11y.node,
  "node.a11yDescription.keyboardDisabled": m.a11y.nodeKeyboard,
  "edge.a11yDescription.default": m.a11y.edge,
  "controls.ariaLabel": m.controls,
  "controls.zoomIn.ariaLabel": m.zoomIn,
  "controls.zoomOut.ariaLabel": m.zoomOut,
  "controls.fitView.ariaLabel": m.fitView,
  "controls.interactive.ariaLabel": m.controls,
  "minimap.ariaLabel": m.minimap,
  "handle.ariaLabel": m.canvasLabel,
};

interface Props {
  drawing: Drawing;
  actions: Actions;
  selected: string | null;
  onSelect: (id: string | null) => void;
  /** Called once the boxes of a new question are drawn and measured (the page's time to interactive). */
  onDrawn: (count: number) => void;
  focus: string | null;
}

function toNodes(drawing: Drawing, selected: string | null): BoxNode[] {
  const byId = new Map(drawing.view.nodes.map((n) => [n.id, n]));
  const tops: BoxNode[] = [];
  const items: BoxNode[] = [];
  for (const v of drawing.view.nodes) {
    const size = sizeOf(v);
    const node: BoxNode = {
      id: v.id,
      type: v.type,
      position: positionOf(drawing, v, byId),
      data: { v },
      width: size.w,
      height: size.h,
      selected: v.id === selected,
      draggable: false,
      connectable: false,
      ariaLabel: titleOf(v),
      ...(v.parent ? { parentId: v.parent, extent: "parent" as const } : {}),
    };
    (v.parent ? items : tops).push(node);
  }
  return [...tops, ...items];
}

function toEdges(drawing: Drawing, highlighted: ReadonlySet<string> | null): Edge[] {
  const names = new Map(drawing.view.nodes.map((n) => [n.id, titleOf(n)]));
  return drawing.view.edges.map((e) => {
    const desensitised = e.edge?.desensitisation === true;
    const lit = highlighted !== null && highlighted.has(e.source) && highlighted.has(e.target);
    const colour = lit ? HIGHLIGHT : desensitised ? EDGE_DESENSITISED : EDGE;
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      focusable: false,
      selectable: false,
      ariaLabel: fill(m.edgeLabel, { source: names.get(e.source) ?? "", target: names.get(e.target) ?? "" }),
      markerEnd: { type: MarkerType.ArrowClosed, color: colour },
      style: { stroke: colour, strokeWidth: lit ? 2.4 : 1.6, ...(desensitised ? { strokeDasharray: "6 4" } : {}) },
    };
  });
}

/** Fits a new question's picture (no smaller than legible: zoomed out no further than READABLE, then
 * centred on the start), tells the page when the boxes are drawn and measured, and centres a box the
 * search asked for. */
function Watcher({ drawing, onDrawn, focus }: Pick<Props, "drawing" | "onDrawn" | "focus">) {
  // Every box measured (React Flow has its size and handles): hidden ones too, none is hidden here.
  const initialised = useNodesInitialized({ includeHiddenNodes: true });
  const flow = useReactFlow();
  const fitted = useRef<string | null>(null);
  const count = drawing.view.nodes.length;
  useEffect(() => {
    if (!initialised) return;
    onDrawn(count);
    if (fitted.current === drawing.question) return;
    fitted.current = drawing.question;
    const start = drawing.view.nodes.find((v) => v.start);
    void flow.fitView({ padding: 0.08, maxZoom: 1 }).then(() => {
      if (flow.getZoom() >= READABLE || !start) return;
      const at = drawing.positions.get(start.id);
      const size = sizeOf(start);
      if (at) void flow.setCenter(at.x + size.w / 2, at.y + size.h / 2, { zoom: READABLE });
    });
  }, [initialised, count, drawing, flow, onDrawn]);
  useEffect(() => {
    if (!focus) return;
    const node = flow.getNode(focus);
    if (!node) return;
    const width = node.width ?? 200;
    const height = node.height ?? 60;
    const at = flow.getInternalNode(focus)?.internals.positionAbsolute ?? node.position;
    void flow.setCenter(at.x + width / 2, at.y + height / 2, { zoom: Math.max(flow.getZoom(), 0.9), duration: 200 });
  }, [focus, flow]);
  return null;
}

export function LineageCanvas({ drawing, actions, selected, onSelect, onDrawn, focus }: Props) {
  const nodes = useMemo(() => toNodes(drawing, selected), [drawing, selected]);
  const edges = useMemo(() => toEdges(drawing, actions.highlighted), [drawing, actions.highlighted]);
  const onNodesChange = (changes: NodeChange<Node>[]) => {
    for (const change of changes) {
      if (change.type === "select") onSelect(change.selected ? change.id : null);
    }
  };
  return (
    <ActionsContext.Provider value={actions}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onNodeClick={(_, node) => onSelect(node.id)}
        onPaneClick={() => onSelect(null)}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        minZoom={0.05}
        maxZoom={2}
        ariaLabelConfig={ARIA}
        proOptions={{ hideAttribution: true }}
        aria-label={m.canvasLabel}
      >
        <Background gap={24} color="#e5e7eb" />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable nodeColor={(n) => fillOf((n.data as { v: VNode }).v.node?.kind)} nodeStrokeColor="#64748b" ariaLabel={m.minimap} />
        <Watcher drawing={drawing} onDrawn={onDrawn} focus={focus} />
      </ReactFlow>
    </ActionsContext.Provider>
  );
}
