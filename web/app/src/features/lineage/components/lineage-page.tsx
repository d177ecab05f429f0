/*
 * The lineage picture (/lineage?code=…): where a resource's data comes from and where it goes, readable
 * at real sizes. By default only derivation between resources is drawn, uses and consumers are badges
 * on their resource, placeholders one group per node and side, wide fan-outs one "另有 N 个" box.
 * The question (start, direction, depth, level, kinds) lives in the URL; the picture grows node by
 * node from the side buttons, and keeps every box where it was. Selecting a box shows its details and
 * never expands it.
 */
import { AutoComplete, Button, Card, Checkbox, Col, Descriptions, Input, InputNumber, Radio, Row, Space, Typography } from "antd";
import { ReactFlowProvider } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useQuery } from "@apollo/client/react";
import { useCallback, useMemo, useState } from "react";
import { Link, useLocation, useNavigate } from "react-router";

import { Loading, QueryError } from "@/components/query-state";
import { LineageStartDocument } from "@/features/lineage/api/lineage.generated";
import { type Actions, subtitleOf, titleOf } from "@/features/lineage/components/flow-nodes";
import { LineageCanvas } from "@/features/lineage/components/lineage-canvas";
import "@/features/lineage/components/lineage.css";
import { useLineage } from "@/features/lineage/hooks/use-lineage";
import { type Drawing, matching, pathOf, redraw } from "@/features/lineage/model/drawing";
import { download, toPng, toSvg } from "@/features/lineage/model/export";
import type { Side } from "@/features/lineage/model/graph";
import { DIRECTIONS, FLOW_KINDS, type LineageOptions, MAX_DEPTH, defaults, readOptions, writeOptions } from "@/features/lineage/model/options";
import { view as viewOf, type VNode } from "@/features/lineage/model/view";
import { fill, messages } from "@/lib/i18n";
import { type EnumName, useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";

const m = messages.lineage;
const FANOUT = 8;
/** Boxes a first picture draws at most: a hub's 500-node answer opens readable, the rest one click away. */
const BUDGET = 40;

/** The start, found by name or code (search), or a code typed in full. */
function StartPicker({ onPick }: { onPick: (code: string, kind: string | null) => void }) {
  const [text, setText] = useState("");
  const labels = useLabels();
  const kindLabel = (kind: string) => labels.kindLabel(kind);
  const { data } = useQuery(LineageStartDocument, { variables: { text, first: 10 }, skip: text.trim().length < 2 });
  const options = (data?.search.nodes ?? []).flatMap((n) =>
    "code" in n && n.__typename !== "Catalog" ? [{ value: n.code, label: `${n.name} · ${kindLabel(n.__typename)} · ${n.code}`, kind: n.__typename }] : [],
  );
  return (
    <Card size="small">
      <Typography.Paragraph>{m.noStart}</Typography.Paragraph>
      <label htmlFor="lineage-start">{m.startLabel}</label>
      <AutoComplete
        id="lineage-start"
        style={{ width: "100%", maxWidth: 640, display: "block" }}
        options={options}
        value={text}
        onChange={setText}
        onSelect={(value: string, option: { kind: string }) => onPick(value, option.kind)}
      >
        <Input.Search placeholder={m.startPlaceholder} aria-label={m.startLabel} onSearch={(value) => {
            if (value.trim()) onPick(value.trim(), null);
          }} />
      </AutoComplete>
      <Typography.Text type="secondary">{m.startHint}</Typography.Text>
    </Card>
  );
}

function Toolbar({ options, onChange }: { options: LineageOptions; onChange: (next: LineageOptions) => void }) {
  const labels = useLabels();
  const enumLabel = (name: EnumName, value: string | null | undefined) => labels.enumLabel(name, value);
  return (
    <Space wrap size="middle" className="gg-toolbar" role="group" aria-label={m.filters}>
      <Space>
        <span id="lineage-direction">{m.direction}</span>
        <Radio.Group
          aria-labelledby="lineage-direction"
          optionType="button"
          value={options.direction}
          onChange={(e) => onChange({ ...options, direction: e.target.value as LineageOptions["direction"] })}
          options={DIRECTIONS.map((d) => ({ value: d, label: enumLabel("FlowDirection", d) }))}
        />
      </Space>
      <Space>
        <label htmlFor="lineage-depth">{m.depth}</label>
        <InputNumber id="lineage-depth" min={1} max={MAX_DEPTH} value={options.depth} onChange={(v) => {
            if (v) onChange({ ...options, depth: v });
          }} style={{ width: 72 }} />
      </Space>
      <Space>
        <span id="lineage-level">{m.level}</span>
        <Radio.Group
          aria-labelledby="lineage-level"
          optionType="button"
          value={options.level}
          onChange={(e) => onChange({ ...options, level: e.target.value as LineageOptions["level"] })}
          options={(["RESOURCE", "ITEM"] as const).map((l) => ({ value: l, label: enumLabel("LineageLevel", l) }))}
        />
      </Space>
      <Space wrap>
        <span id="lineage-kinds">{m.kinds}</span>
        <Checkbox.Group
          aria-labelledby="lineage-kinds"
          value={options.kinds}
          onChange={(kinds) => {
            if (kinds.length) onChange({ ...options, kinds });
          }}
          options={FLOW_KINDS.map((k) => ({ value: k, label: enumLabel("FlowKind", k) }))}
        />
      </Space>
    </Space>
  );
}

function Details({ v, onExpand, onCollapse, onReroot }: { v: VNode | null; onExpand: (side: Side) => void; onCollapse: (side: Side) => void; onReroot: (code: string) => void }) {
  const labels = useLabels();
  const kindLabel = (kind: string) => labels.kindLabel(kind);
  const enumLabel = (name: EnumName, value: string | null | undefined) => labels.enumLabel(name, value);
  if (!v) return <Typography.Paragraph type="secondary">{m.detailsEmpty}</Typography.Paragraph>;
  const n = v.node;
  if (!n) return <Typography.Paragraph>{`${titleOf(v)} · ${subtitleOf(v, kindLabel)}`}</Typography.Paragraph>;
  const sideButtons = (side: Side) => (
    <>
      {v.canExpand[side] && (
        <Button size="small" onClick={() => onExpand(side)}>
          {n.more[side] > 0 ? fill(side === "up" ? m.expandUp : m.expandDown, { count: n.more[side] }) : m.expandAgain}
        </Button>
      )}
      {v.canCollapse[side] && (
        <Button size="small" onClick={() => onCollapse(side)}>
          {side === "up" ? m.collapseUp : m.collapseDown}
        </Button>
      )}
    </>
  );
  const resourceCode = n.kind === "DataItem" ? (n.code.split("#")[0] ?? n.code) : n.code;
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {titleOf(v)}
      </Typography.Title>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={m.kind}>{kindLabel(n.kind)}</Descriptions.Item>
        {!n.redacted && <Descriptions.Item label={m.code}>{n.code}</Descriptions.Item>}
        {n.provider && <Descriptions.Item label={m.provider}>{n.provider}</Descriptions.Item>}
        {n.shareType && <Descriptions.Item label={m.shareType}>{enumLabel("ShareType", n.shareType)}</Descriptions.Item>}
        {n.effectiveShareType && n.effectiveShareType !== n.shareType && <Descriptions.Item label={m.effectiveShareType}>{enumLabel("ShareType", n.effectiveShareType)}</Descriptions.Item>}
        {n.usage && (
          <Descriptions.Item label={m.usageLabel}>
            {[fill(m.usesHint, { count: n.usage.uses, inForce: n.usage.usesInForce }), fill(m.consumers, { count: n.usage.consumers }), ...(n.usage.hiddenUses ? [fill(m.hiddenUses, { count: n.usage.hiddenUses })] : [])].join(m.separator)}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={m.moreLabel}>{fill(m.moreLeft, { up: n.more.up, down: n.more.down })}</Descriptions.Item>
      </Descriptions>
      <Space wrap>
        {sideButtons("up")}
        {sideButtons("down")}
      </Space>
      {!n.redacted && (
        <Space wrap>
          {(n.kind === "Resource" || n.kind === "DataItem") && <Link to={paths.resource(resourceCode)}>{m.openResource}</Link>}
          {n.kind === "Resource" && <Link to={paths.impact(n.code)}>{m.openImpact}</Link>}
          <Button size="small" type="link" onClick={() => onReroot(n.code)}>
            {m.reroot}
          </Button>
        </Space>
      )}
    </Space>
  );
}

function Picture({ options, onChange }: { options: LineageOptions; onChange: (next: LineageOptions) => void }) {
  const labels = useLabels();
  const kindLabel = (kind: string) => labels.kindLabel(kind);
  const lineage = useLineage(options);
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const [all, setAll] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [focus, setFocus] = useState<string | null>(null);
  const [drawing, setDrawing] = useState<Drawing | null>(null);
  const [drawnAt, setDrawnAt] = useState<number | null>(null);

  const view = useMemo(
    () => (lineage.model ? viewOf(lineage.model, { fanout: FANOUT, budget: BUDGET, all, opened, itemLevel: options.level === "ITEM" }) : null),
    [lineage.model, opened, all, options.level],
  );
  // A new view is drawn with every box already drawn where it was (state adjusted while rendering).
  if (view && drawing?.view !== view) setDrawing(redraw(drawing, lineage.question, view));

  const byId = useMemo(() => new Map((drawing?.view.nodes ?? []).map((n) => [n.id, n])), [drawing]);
  const chosen = selected ? (byId.get(selected) ?? null) : null;
  const matches = useMemo(() => (drawing ? matching(drawing.view, search) : new Set<string>()), [drawing, search]);
  const highlighted = useMemo(() => (drawing && chosen?.type === "item" ? pathOf(drawing.view, chosen.id) : null), [drawing, chosen]);

  const { expandSide, collapseSide } = lineage;
  const actions: Actions = useMemo(
    () => ({
      expand: (id, side) => void expandSide(id, side),
      collapse: collapseSide,
      open: (id) => setOpened((o) => new Set([...o, id])),
      busy: lineage.busy,
      highlighted,
      matches,
    }),
    [expandSide, collapseSide, lineage.busy, highlighted, matches],
  );
  const onDrawn = useCallback(() => {
    performance.mark("lineage-interactive");
    setDrawnAt(performance.now());
  }, []);

  if (lineage.status.state === "error") return <QueryError error={lineage.status.error} />;
  const overflows = (drawing?.view.nodes ?? []).filter((v) => v.type === "overflow").map((v) => v.id);
  if (lineage.status.state === "loading" || !drawing || !lineage.model) return <Loading label={m.loading} />;

  const exportLabels = { title: titleOf, subtitle: (v: VNode) => subtitleOf(v, kindLabel) };
  const exportAs = async (kind: "svg" | "png") => {
    const svg = toSvg(drawing.view.nodes, drawing.view.edges, drawing.positions, exportLabels);
    const name = `${options.code.replace(/[/#]/g, "_")}.${kind}`;
    download(kind === "svg" ? new Blob([svg], { type: "image/svg+xml" }) : await toPng(svg), name);
  };
  const findNext = () => {
    const first = [...matches][0];
    if (first) {
      setFocus(first);
      setSelected(first);
    }
  };

  return (
    <Row gutter={16}>
      <Col xs={24} xl={18}>
        <Space direction="vertical" style={{ width: "100%" }}>
          <Space wrap>
            <Input.Search
              aria-label={m.searchLabel}
              placeholder={m.searchPlaceholder}
              allowClear
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              onSearch={findNext}
              style={{ width: 300 }}
            />
            <Button onClick={() => void exportAs("png")}>{m.exportPng}</Button>
            <Button onClick={() => void exportAs("svg")}>{m.exportSvg}</Button>
            {(overflows.length > 0 || all) && (
              <Button onClick={() => setAll(!all)}>{all ? m.foldAgain : fill(m.openAll, { count: lineage.model.nodes.size })}</Button>
            )}
            {highlighted && <Button onClick={() => setSelected(null)}>{m.clearPath}</Button>}
          </Space>
          <div role="status" aria-live="polite" className="gg-status">
            <span data-testid="lineage-counts">{fill(m.counts, { nodes: drawing.view.nodes.length, edges: drawing.view.edges.length })}</span>
            {search.trim() && <span>{matches.size ? fill(m.searchMatches, { count: matches.size }) : fill(m.searchNone, { text: search.trim() })}</span>}
            {highlighted && <span>{m.pathOf}</span>}
            {lineage.model.truncated && <span className="gg-truncated">{m.truncated}</span>}
            {drawnAt !== null && <span className="gg-drawn" data-drawn-ms={Math.round(drawnAt)} />}
          </div>
          <div className="gg-canvas" data-question={lineage.question}>
            <ReactFlowProvider>
              <LineageCanvas drawing={drawing} actions={actions} selected={selected} onSelect={setSelected} onDrawn={onDrawn} focus={focus} />
            </ReactFlowProvider>
          </div>
        </Space>
      </Col>
      <Col xs={24} xl={6}>
        <Card size="small" title={<h2 className="gg-card-title">{m.details}</h2>}>
          <Details
            v={chosen}
            onExpand={(side) => chosen && actions.expand(chosen.id, side)}
            onCollapse={(side) => chosen && actions.collapse(chosen.id, side)}
            onReroot={(code) => onChange(defaults(code, chosen?.node?.kind ?? null))}
          />
        </Card>
      </Col>
    </Row>
  );
}

export function LineagePage() {
  const location = useLocation();
  const navigate = useNavigate();
  const options = useMemo(() => readOptions(location.search, location.hash), [location.search, location.hash]);
  const go = (next: LineageOptions) => void navigate(`${paths.lineage()}${writeOptions(next)}`);
  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }} className="gg-page">
      <div>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          {options ? fill(m.pageTitle, { name: options.code }) : m.title}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{m.intro}</Typography.Paragraph>
        {options && (
          <Space wrap>
            {options.code.includes("/") && !options.code.includes("#") && <Link to={paths.impact(options.code)}>{m.openImpact}</Link>}
            <Link to={paths.lineage()}>{m.changeStart}</Link>
          </Space>
        )}
      </div>
      {options ? (
        <>
          <Toolbar options={options} onChange={go} />
          <Picture key={writeOptions(options)} options={options} onChange={go} />
        </>
      ) : (
        <StartPicker onPick={(code, kind) => go(defaults(code, kind))} />
      )}
    </Space>
  );
}

