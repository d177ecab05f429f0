/*
 * The boxes of the picture (React Flow custom nodes): a node with its expand/collapse handles on each
 * side and its usage badges; a group of placeholders or of folded children; a resource holding its
 * items (item level). Clicking a box selects it (the page shows its details); only the side buttons
 * expand or collapse.
 */
import { Handle, type Node, type NodeProps, Position } from "@xyflow/react";
import { createContext, memo, useContext } from "react";

import type { Side } from "@/features/lineage/model/graph";
import { CONTAINER_FILL, HIDDEN_BORDER, HIDDEN_FILL, borderOf, fillOf } from "@/features/lineage/model/style";
import type { VNode } from "@/features/lineage/model/view";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";

const m = messages.lineage;

export interface Actions {
  expand: (id: string, side: Side) => void;
  collapse: (id: string, side: Side) => void;
  open: (groupId: string) => void;
  busy: string | null;
  highlighted: ReadonlySet<string> | null;
  matches: ReadonlySet<string>;
}

export const ActionsContext = createContext<Actions>({
  expand: () => undefined,
  collapse: () => undefined,
  open: () => undefined,
  busy: null,
  highlighted: null,
  matches: new Set(),
});

export type BoxData = { v: VNode };
export type BoxNode = Node<BoxData>;

/** The label a box shows first (a placeholder's is its group's). */
export function titleOf(v: VNode): string {
  if (v.type === "hidden") return fill(m.hiddenGroup, { count: v.count });
  if (v.type === "overflow") return fill(m.overflowGroup, { count: v.count });
  if (!v.node || v.node.redacted) return m.redactedNode;
  return v.node.name;
}

/** The second line: kind (as `kindLabel` names it) and code (and the items a container holds). */
export function subtitleOf(v: VNode, kindLabel: (kind: string) => string): string {
  if (v.type === "hidden") return m.hiddenGroupHint;
  if (v.type === "overflow") return m.overflowHint;
  if (!v.node) return "";
  const kind = kindLabel(v.node.kind);
  if (v.type === "container") return `${kind} · ${v.node.redacted ? "" : v.node.code} · ${fill(m.itemsOf, { count: v.children.length })}`;
  return v.node.redacted ? kind : `${kind} · ${v.node.code}`;
}

function SideButton({ v, side }: { v: VNode; side: Side }) {
  const actions = useContext(ActionsContext);
  const node = v.node;
  if (!node) return null;
  const more = node.more[side];
  const expandable = v.canExpand[side];
  const collapsible = v.canCollapse[side];
  if (!expandable && !collapsible) return null;
  const place = side === "up" ? "gg-side gg-side-up" : "gg-side gg-side-down";
  const busy = actions.busy === v.id;
  const stop = (event: React.SyntheticEvent) => event.stopPropagation();
  return (
    <div className={place} onClick={stop} onPointerDown={stop} onDoubleClick={stop}>
      {expandable && (
        <button
          type="button"
          className="gg-side-button nodrag nopan"
          disabled={busy}
          aria-label={fill(m.sideAction, { visible: more > 0 ? `+${more}` : "+", name: node.name, action: more > 0 ? fill(side === "up" ? m.expandUp : m.expandDown, { count: more }) : m.expandAgain })}
          title={more > 0 ? fill(side === "up" ? m.expandUp : m.expandDown, { count: more }) : m.expandAgain}
          onClick={() => actions.expand(v.id, side)}
        >
          {more > 0 ? `+${more}` : "+"}
        </button>
      )}
      {collapsible && (
        <button
          type="button"
          className="gg-side-button nodrag nopan"
          aria-label={fill(m.nodeAction, { name: node.name, action: side === "up" ? m.collapseUp : m.collapseDown })}
          title={side === "up" ? m.collapseUp : m.collapseDown}
          onClick={() => actions.collapse(v.id, side)}
        >
          −
        </button>
      )}
    </div>
  );
}

function Badges({ v }: { v: VNode }) {
  const usage = v.node?.usage;
  if (!usage || (usage.uses === 0 && usage.hiddenUses === 0)) return null;
  return (
    <div className="gg-badges">
      {usage.uses > 0 && (
        <span className="gg-badge" title={fill(m.usesHint, { count: usage.uses, inForce: usage.usesInForce })}>
          {fill(m.uses, { count: usage.uses })}
        </span>
      )}
      {usage.consumers > 0 && <span className="gg-badge">{fill(m.consumers, { count: usage.consumers })}</span>}
      {usage.hiddenUses > 0 && <span className="gg-badge gg-badge-hidden">{fill(m.hiddenUses, { count: usage.hiddenUses })}</span>}
    </div>
  );
}

function classes(v: VNode, actions: Actions, base: string): string {
  const dim = actions.highlighted !== null && !actions.highlighted.has(v.id);
  return [base, v.start ? "gg-start" : "", dim ? "gg-dim" : "", actions.matches.has(v.id) ? "gg-match" : ""].filter(Boolean).join(" ");
}

/** A box's colours: its kind's fill (or `background`) and its effective share type's border; dashed grey if hidden. */
function boxStyle(v: VNode, background?: string): React.CSSProperties {
  const node = v.node;
  return node?.redacted
    ? { background: HIDDEN_FILL, borderColor: HIDDEN_BORDER, borderStyle: "dashed" }
    : { background: background ?? fillOf(node?.kind), borderColor: borderOf(node?.effectiveShareType) };
}

export const EntityBox = memo(function EntityBox({ data, selected }: NodeProps<BoxNode>) {
  const actions = useContext(ActionsContext);
  const labels = useLabels();
  const kindLabel = (kind: string) => labels.kindLabel(kind);
  const { v } = data;
  const style = boxStyle(v);
  return (
    <div className={classes(v, actions, `gg-box${selected ? " gg-selected" : ""}`)} style={style}>
      <Handle type="target" position={Position.Left} isConnectable={false} className="gg-handle" />
      <SideButton v={v} side="up" />
      <div className="gg-box-title">{titleOf(v)}</div>
      <div className="gg-box-sub">{subtitleOf(v, kindLabel)}</div>
      <Badges v={v} />
      <SideButton v={v} side="down" />
      <Handle type="source" position={Position.Right} isConnectable={false} className="gg-handle" />
    </div>
  );
});

export const GroupBox = memo(function GroupBox({ data }: NodeProps<BoxNode>) {
  const actions = useContext(ActionsContext);
  const labels = useLabels();
  const kindLabel = (kind: string) => labels.kindLabel(kind);
  const { v } = data;
  const overflow = v.type === "overflow";
  const body = (
    <>
      <div className="gg-box-title">{titleOf(v)}</div>
      <div className="gg-box-sub">{subtitleOf(v, kindLabel)}</div>
    </>
  );
  return (
    <div className={classes(v, actions, `gg-box gg-group${overflow ? " gg-overflow" : ""}`)}>
      <Handle type="target" position={Position.Left} isConnectable={false} className="gg-handle" />
      {overflow ? (
        <button type="button" className="gg-group-open nodrag" onClick={() => actions.open(v.id)} aria-label={fill(m.nodeAction, { name: titleOf(v), action: m.overflowHint })}>
          {body}
        </button>
      ) : (
        body
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} className="gg-handle" />
    </div>
  );
});

export const ContainerBox = memo(function ContainerBox({ data, selected }: NodeProps<BoxNode>) {
  const actions = useContext(ActionsContext);
  const labels = useLabels();
  const kindLabel = (kind: string) => labels.kindLabel(kind);
  const { v } = data;
  const style = boxStyle(v, CONTAINER_FILL);
  return (
    <div className={classes(v, actions, `gg-container${selected ? " gg-selected" : ""}`)} style={style}>
      <div className="gg-box-title">{titleOf(v)}</div>
      <div className="gg-box-sub">{subtitleOf(v, kindLabel)}</div>
    </div>
  );
});

export const ItemBox = memo(function ItemBox({ data, selected }: NodeProps<BoxNode>) {
  const actions = useContext(ActionsContext);
  const { v } = data;
  return (
    <div className={classes(v, actions, `gg-item${selected ? " gg-selected" : ""}`)}>
      <Handle type="target" position={Position.Left} isConnectable={false} className="gg-handle" />
      <SideButton v={v} side="up" />
      <span className="gg-item-name">{titleOf(v)}</span>
      <SideButton v={v} side="down" />
      <Handle type="source" position={Position.Right} isConnectable={false} className="gg-handle" />
    </div>
  );
});

export const NODE_TYPES = { entity: EntityBox, hidden: GroupBox, overflow: GroupBox, container: ContainerBox, item: ItemBox };
