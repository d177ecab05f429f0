/*
 * The migration board (Art.15, Art.28): every system's verdict and the rule behind it (filterable),
 * the plan's waves as columns with their capacity, pins and capacity that replan through
 * `migrationPlan(input)`, warnings next to the systems that cause them, the links that stay across
 * the cloud boundary, a system's move impact, saved scenarios compared side by side, and exports.
 */
import { useQuery } from "@apollo/client/react";
import type { EChartsType } from "echarts/core";
import { Alert, Button, Card, Col, Drawer, Input, InputNumber, Row, Select, Space, Statistic, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo, useRef, useState } from "react";
import { Link } from "react-router";

import { Loading, QueryError } from "@/components/query-state";
import { Chart } from "@/features/eic/components/chart";
import { MoveImpactDrawer } from "@/features/eic/components/move-impact";
import { ScenarioCompare } from "@/features/eic/components/scenario-compare";
import { DeskPlanDocument, type DeskPlanQuery, DeskVerdictsDocument, type DeskVerdictsQuery } from "@/features/eic/api/migration.generated";
import { download, toCsv } from "@/features/eic/lib/csv";
import { type Pin, type Scenario, loadScenarios, MAX_NAME, saveScenario } from "@/features/eic/lib/scenarios";
import { useAllPages } from "@/features/eic/lib/use-all-pages";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";

const m = messages.eic.migration;
const WARNINGS = new Set(["PIN_BEFORE_DEPENDENCY", "OVERSIZED", "OVER_CAPACITY"]);
const MAX_WAVE = 100;
const MAX_CAPACITY = 10_000;
const VERDICT_COLOURS: Record<string, string> = {
  ON_GOVERNMENT_CLOUD: "#1b5e20",
  MUST_MIGRATE: "#9a4a00",
  RETIRE_TO_PLATFORM: "#7b4fb3",
  EXEMPT: "#52667a",
  MUNICIPAL: "#56606b",
  RETIRED: "#5c5c5c",
};

type Verdict = DeskVerdictsQuery["migrationVerdicts"]["edges"][number]["node"];
type Plan = DeskPlanQuery["migrationPlan"];
type Placement = Plan["waves"][number]["systems"][number];
type Link_ = Plan["crossEnvironmentLinks"][number];
type Filter = { department: string[]; verdict: string[]; protection: number[]; hosting: string[] };
type Warning = { code: string; name: string; wave: number; message: string };

function warningsOf(plan: Plan | undefined): Warning[] {
  const out: Warning[] = [];
  for (const w of plan?.waves ?? [])
    for (const s of w.systems) for (const r of s.reasons) if (WARNINGS.has(r.kind)) out.push({ code: s.code, name: s.name, wave: w.number, message: r.message });
  return out;
}

export function MigrationBoard() {
  const labels = useLabels();
  const verdicts = useAllPages(DeskVerdictsDocument, {}, (d) => d.migrationVerdicts, "verdicts");
  const [capacity, setCapacity] = useState<number | null>(null);
  const [pins, setPins] = useState<Pin[]>([]);
  const [pinSystem, setPinSystem] = useState<string | undefined>();
  const [pinWave, setPinWave] = useState<number | null>(null);
  const [filter, setFilter] = useState<Filter>({ department: [], verdict: [], protection: [], hosting: [] });
  const [impactOf, setImpactOf] = useState<string | null>(null);
  const [scenarioName, setScenarioName] = useState("");
  const [scenarios, setScenarios] = useState<Scenario[]>(loadScenarios);
  const waveChart = useRef<EChartsType | null>(null);
  const input = useMemo(() => ({ capacityPerWave: capacity, pinned: pins.length ? pins : null }), [capacity, pins]);
  const plan = useQuery(DeskPlanDocument, { variables: { input }, errorPolicy: "none" });
  const current = plan.data?.migrationPlan ?? plan.previousData?.migrationPlan;

  const byCode = useMemo(() => new Map(verdicts.items.map((v) => [v.code, v])), [verdicts.items]);
  const placements = useMemo(() => new Map((current?.waves ?? []).flatMap((w) => w.systems.map((s) => [s.code, s] as const))), [current]);
  const warnings = useMemo(() => warningsOf(current), [current]);
  const departments = useMemo(() => {
    const named = new Map<string, string>();
    for (const v of verdicts.items) if (v.department) named.set(v.department.code, v.department.shortName ?? v.department.name);
    return named;
  }, [verdicts.items]);
  const shown = useMemo(() => {
    const keep = <T,>(values: T[], value: T | null | undefined) => values.length === 0 || (value !== null && value !== undefined && values.includes(value));
    return verdicts.items.filter(
      (v) => keep(filter.department, v.department?.code) && keep(filter.verdict, v.verdict) && keep(filter.protection, v.system?.protectionLevel) && keep(filter.hosting, v.system?.hosting),
    );
  }, [verdicts.items, filter]);

  const verdictChart = useMemo(() => {
    const counts = new Map<string, number>();
    for (const v of shown) counts.set(v.verdict, (counts.get(v.verdict) ?? 0) + 1);
    return {
      tooltip: { trigger: "item" },
      legend: { bottom: 0 },
      series: [
        {
          type: "pie",
          radius: ["40%", "70%"],
          data: [...counts].map(([verdict, value]) => ({ name: labels.enumLabel("MigrationVerdict", verdict), value, itemStyle: { color: VERDICT_COLOURS[verdict] } })),
        },
      ],
    };
  }, [shown, labels]);
  const wavesChart = useMemo(
    () => ({
      tooltip: { trigger: "axis" },
      grid: { left: 40, right: 20, top: 30, bottom: 30 },
      xAxis: { type: "category", data: (current?.waves ?? []).map((w) => fill(m.waveShort, { number: w.number })) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        {
          type: "bar",
          name: m.waveSize,
          data: (current?.waves ?? []).map((w) => ({ value: w.size, itemStyle: { color: w.oversized || w.overCapacity ? "#c62828" : "#1565c0" } })),
          ...(capacity ? { markLine: { symbol: "none", data: [{ yAxis: capacity, name: m.capacity }], lineStyle: { color: "#52667a", type: "dashed" } } } : {}),
        },
      ],
    }),
    [current, capacity],
  );

  if (verdicts.error) return <QueryError error={verdicts.error} />;
  if (verdicts.loading) return <Loading label={m.loading} />;

  const addPin = () => {
    if (!pinSystem || !pinWave) return;
    setPins((p) => [...p.filter((x) => x.system !== pinSystem), { system: pinSystem, wave: pinWave }]);
    setPinSystem(undefined);
    setPinWave(null);
  };
  const systemName = (code: string) => byCode.get(code)?.name ?? placements.get(code)?.name ?? code;
  const departmentOf = (code: string | null | undefined) => (code ? departments.get(code) ?? code : messages.common.none);

  const verdictColumns: ColumnsType<Verdict> = [
    { title: m.system, key: "name", render: (_: unknown, v) => <Link to={paths.system(v.code)}>{v.name}</Link>, sorter: (a, b) => a.name.localeCompare(b.name, "zh-CN") },
    { title: m.code, dataIndex: "code", key: "code" },
    { title: m.department, key: "department", render: (_: unknown, v) => (v.department ? <Link to={paths.department(v.department.code)}>{v.department.shortName ?? v.department.name}</Link> : messages.common.none) },
    { title: m.verdict, dataIndex: "verdict", key: "verdict", render: (v: string) => <Tag color={VERDICT_COLOURS[v]}>{labels.enumLabel("MigrationVerdict", v)}</Tag> },
    {
      title: m.rule,
      key: "rule",
      render: (_: unknown, v) => (
        <Space direction="vertical" size={0}>
          {v.exemptingRule && <Typography.Text strong>{fill(m.exemptBy, { rule: labels.enumLabel("Exemption", v.exemptingRule) })}</Typography.Text>}
          {v.reasons.map((r) => (
            <Typography.Text key={r.rule}>{`${r.article} · ${r.message}`}</Typography.Text>
          ))}
        </Space>
      ),
    },
    { title: m.protection, key: "protection", render: (_: unknown, v) => v.system?.protectionLevel ?? messages.common.none, sorter: (a, b) => (a.system?.protectionLevel ?? 0) - (b.system?.protectionLevel ?? 0) },
    { title: m.hosting, key: "hosting", render: (_: unknown, v) => labels.enumLabel("Hosting", v.system?.hosting) },
    { title: m.wave, key: "wave", render: (_: unknown, v) => { const p = placements.get(v.code); return p ? fill(m.waveShort, { number: p.wave }) : messages.common.none; } },
  ];

  const linkColumns: ColumnsType<Link_> = [
    { title: m.linkSystem, key: "system", render: (_: unknown, l) => <Link to={paths.system(l.system)}>{systemName(l.system)}</Link> },
    { title: m.wave, dataIndex: "wave", key: "wave", render: (n: number) => fill(m.waveShort, { number: n }) },
    { title: m.linkOther, key: "other", render: (_: unknown, l) => <Link to={paths.system(l.other.code)}>{l.other.name}</Link> },
    { title: m.linkOtherVerdict, key: "verdict", render: (_: unknown, l) => `${labels.enumLabel("MigrationVerdict", l.other.verdict)}${l.other.exemptingRule ? ` · ${labels.enumLabel("Exemption", l.other.exemptingRule)}` : ""}` },
    { title: m.linkKinds, key: "kinds", render: (_: unknown, l) => l.dependency.kinds.map((k) => <Tag key={k}>{labels.enumLabel("DependencyKind", k)}</Tag>) },
    { title: m.linkArticle, dataIndex: "article", key: "article" },
    { title: m.linkMessage, dataIndex: "message", key: "message" },
  ];

  const exportPlan = () => {
    if (!current) return;
    const rows = current.waves.flatMap((w) =>
      w.systems.map((s) => [
        w.number,
        s.code,
        s.name,
        departmentOf(s.departmentCode),
        labels.enumLabel("MigrationVerdict", s.verdict),
        s.pinned ? messages.common.yes : messages.common.no,
        s.movesWith.join(" "),
        s.dependsOn.map((d) => d.provider).join(" "),
        s.reasons.filter((r) => !WARNINGS.has(r.kind)).map((r) => r.message).join(messages.common.listSeparator),
        s.reasons.filter((r) => WARNINGS.has(r.kind)).map((r) => r.message).join(messages.common.listSeparator),
      ]),
    );
    download(m.csvName, toCsv([m.wave, m.code, m.system, m.department, m.verdict, m.pinned, m.movesWith, m.dependsOn, m.reasons, m.warnings], rows));
  };
  const exportPicture = () => {
    const chart = waveChart.current;
    if (chart) download(m.pictureName, new Blob([decodeURIComponent(chart.getDataURL({ type: "svg" }).replace(/^data:image\/svg\+xml;charset=UTF-8,/, ""))], { type: "image/svg+xml" }));
  };
  const save = () => {
    const name = scenarioName.trim().slice(0, MAX_NAME);
    if (!name || !current) return;
    const placed: Record<string, number> = {};
    for (const [code, p] of placements) placed[code] = p.wave;
    setScenarios(
      saveScenario({ name, savedAt: new Date().toISOString(), capacity, pins, waves: current.waves.length, placements: placed, warnings: warnings.map((w) => fill(messages.common.labelled, { label: w.name, text: w.message })) }),
    );
    setScenarioName("");
  };

  const placementCard = (s: Placement) => {
    const own = s.reasons.filter((r) => WARNINGS.has(r.kind));
    return (
      <li key={s.code} className="gg-wave-system" data-code={s.code}>
        <Space direction="vertical" size={2} style={{ width: "100%" }}>
          <Link to={paths.system(s.code)}>{s.name}</Link>
          <Typography.Text type="secondary">{`${s.code} · ${departmentOf(s.departmentCode)}`}</Typography.Text>
          <Space size={4} wrap>
            {s.pinned && <Tag color="blue">{m.pinnedTag}</Tag>}
            {s.movesWith.length > 0 && <Tag color="purple">{fill(m.movesWithTag, { count: s.movesWith.length })}</Tag>}
            {s.verdict === "RETIRE_TO_PLATFORM" && <Tag>{labels.enumLabel("MigrationVerdict", s.verdict)}</Tag>}
          </Space>
          {own.map((r) => (
            <Alert key={r.kind + (r.system ?? "")} type="warning" showIcon message={r.message} role="note" />
          ))}
          <Button size="small" type="link" style={{ padding: 0 }} onClick={() => setImpactOf(s.code)}>
            {m.impact}
          </Button>
        </Space>
      </li>
    );
  };

  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      {current && (
        <Row gutter={16}>
          <Col xs={12} md={4}><Statistic title={m.systems} value={current.summary.systems} /></Col>
          <Col xs={12} md={4}><Statistic title={m.moving} value={current.summary.moving} /></Col>
          <Col xs={12} md={4}><Statistic title={m.staying} value={current.summary.staying} /></Col>
          <Col xs={12} md={4}><Statistic title={m.waves} value={current.summary.waves} /></Col>
          <Col xs={12} md={4}><Statistic title={m.cycles} value={current.summary.cycles} /></Col>
          <Col xs={12} md={4}><Statistic title={m.crossLinks} value={current.summary.crossEnvironmentLinks} /></Col>
        </Row>
      )}
      <Card size="small" title={m.planTitle}>
        <Space direction="vertical" style={{ width: "100%" }}>
          <Space wrap align="center">
            <label htmlFor="gg-capacity">{m.capacity}</label>
            <InputNumber id="gg-capacity" min={1} max={MAX_CAPACITY} precision={0} value={capacity} placeholder={m.noLimit} onChange={(v) => setCapacity(typeof v === "number" ? v : null)} />
            <Select showSearch optionFilterProp="label" style={{ minWidth: 260 }} aria-label={m.pinSystem} placeholder={m.pinSystem} value={pinSystem} onChange={setPinSystem}
              options={[...placements.values()].map((p) => ({ value: p.code, label: fill(messages.common.nameWithCode, { name: p.name, code: p.code }) }))} />
            <InputNumber aria-label={m.pinWave} min={1} max={MAX_WAVE} precision={0} value={pinWave} placeholder={m.pinWave} onChange={(v) => setPinWave(typeof v === "number" ? v : null)} />
            <Button type="primary" onClick={addPin} disabled={!pinSystem || !pinWave}>{m.pin}</Button>
            <Button onClick={() => { setPins([]); setCapacity(null); }} disabled={!pins.length && capacity === null}>{m.reset}</Button>
          </Space>
          {pins.length > 0 && (
            <Space wrap>
              {pins.map((p) => (
                <Tag key={p.system} closable closeIcon={<span aria-label={fill(m.unpin, { system: systemName(p.system) })}>×</span>} onClose={() => setPins((all) => all.filter((x) => x.system !== p.system))}>
                  {fill(m.pinTag, { system: systemName(p.system), wave: p.wave })}
                </Tag>
              ))}
            </Space>
          )}
          {plan.error && <QueryError error={plan.error} />}
          {plan.loading && <Typography.Text type="secondary" role="status">{m.replanning}</Typography.Text>}
          {warnings.length > 0 && (
            <Alert type="warning" showIcon message={fill(m.warningsTitle, { count: warnings.length })} role="alert"
              description={<ul className="gg-plain-list">{warnings.map((w) => <li key={w.code + w.message}>{fill(m.warningLine, { wave: w.wave, system: w.name, message: w.message })}</li>)}</ul>} />
          )}
          <Space wrap>
            <Button onClick={exportPlan} disabled={!current}>{m.exportCsv}</Button>
            <Button onClick={exportPicture} disabled={!current}>{m.exportPicture}</Button>
            <Input aria-label={m.scenarioName} placeholder={m.scenarioName} maxLength={MAX_NAME} value={scenarioName} onChange={(e) => setScenarioName(e.target.value)} style={{ width: 200 }} onPressEnter={save} />
            <Button onClick={save} disabled={!scenarioName.trim() || !current}>{m.saveScenario}</Button>
          </Space>
        </Space>
      </Card>
      {current && (
        <section aria-label={m.wavesTitle}>
          <Typography.Title level={2}>{m.wavesTitle}</Typography.Title>
          <Chart label={m.wavesChart} option={wavesChart} height={200} onReady={(c) => (waveChart.current = c)} />
          <div className="gg-waves">
            {current.waves.map((w) => (
              <Card key={w.number} size="small" className="gg-wave" data-wave={w.number}
                title={<span>{fill(m.waveTitle, { number: w.number })}</span>}
                extra={<span>{capacity ? fill(m.waveFill, { size: w.size, capacity }) : fill(m.waveCount, { size: w.size })}</span>}>
                <Space size={4} wrap>
                  {w.oversized && <Tag color="red">{m.oversized}</Tag>}
                  {w.overCapacity && <Tag color="red">{m.overCapacity}</Tag>}
                </Space>
                <ul className="gg-plain-list">{w.systems.map(placementCard)}</ul>
              </Card>
            ))}
          </div>
        </section>
      )}
      <ScenarioCompare scenarios={scenarios} onChange={setScenarios} />
      {current && (
        <Card size="small" title={fill(m.crossTitle, { count: current.crossEnvironmentLinks.length })}>
          <Table<Link_> size="small" rowKey={(l) => `${l.system}>${l.other.code}`} columns={linkColumns} dataSource={current.crossEnvironmentLinks} pagination={{ pageSize: 10, hideOnSinglePage: true }} />
        </Card>
      )}
      <Card size="small" title={fill(m.verdictsTitle, { shown: shown.length, total: verdicts.total })}>
        <Row gutter={16}>
          <Col xs={24} lg={8}><Chart label={m.verdictChart} option={verdictChart} onPick={(name) => {
            const verdict = [...new Set(verdicts.items.map((v) => v.verdict))].find((v) => labels.enumLabel("MigrationVerdict", v) === name);
            if (verdict) setFilter((f) => ({ ...f, verdict: [verdict] }));
          }} /></Col>
          <Col xs={24} lg={16}>
            <Space wrap>
              <Select mode="multiple" allowClear showSearch optionFilterProp="label" style={{ minWidth: 200 }} aria-label={m.department} placeholder={m.department} value={filter.department}
                onChange={(v: string[]) => setFilter((f) => ({ ...f, department: v }))} options={[...departments].map(([value, label]) => ({ value, label }))} />
              <Select mode="multiple" allowClear style={{ minWidth: 180 }} aria-label={m.verdict} placeholder={m.verdict} value={filter.verdict}
                onChange={(v: string[]) => setFilter((f) => ({ ...f, verdict: v }))} options={Object.keys(VERDICT_COLOURS).map((v) => ({ value: v, label: labels.enumLabel("MigrationVerdict", v) }))} />
              <Select mode="multiple" allowClear style={{ minWidth: 140 }} aria-label={m.protection} placeholder={m.protection} value={filter.protection}
                onChange={(v: number[]) => setFilter((f) => ({ ...f, protection: v }))} options={[1, 2, 3, 4, 5].map((n) => ({ value: n, label: String(n) }))} />
              <Select mode="multiple" allowClear style={{ minWidth: 160 }} aria-label={m.hosting} placeholder={m.hosting} value={filter.hosting}
                onChange={(v: string[]) => setFilter((f) => ({ ...f, hosting: v }))} options={[...new Set(verdicts.items.map((v) => v.system?.hosting).filter((h): h is NonNullable<typeof h> => !!h))].map((h) => ({ value: h, label: labels.enumLabel("Hosting", h) }))} />
              <Button onClick={() => download(m.verdictsCsvName, toCsv([m.code, m.system, m.department, m.verdict, m.exemption, m.reasons, m.protection, m.hosting, m.wave],
                shown.map((v) => [v.code, v.name, v.department?.name, labels.enumLabel("MigrationVerdict", v.verdict), v.exemptingRule ? labels.enumLabel("Exemption", v.exemptingRule) : "", v.reasons.map((r) => `${r.article} ${r.message}`).join(messages.common.listSeparator), v.system?.protectionLevel, labels.enumLabel("Hosting", v.system?.hosting), placements.get(v.code)?.wave])))}>
                {m.exportVerdicts}
              </Button>
            </Space>
          </Col>
        </Row>
        <Table<Verdict> size="small" rowKey="code" columns={verdictColumns} dataSource={shown} pagination={{ pageSize: 20, showSizeChanger: false }} />
      </Card>
      <Drawer open={impactOf !== null} onClose={() => setImpactOf(null)} title={impactOf ? fill(m.impactTitle, { system: systemName(impactOf) }) : ""} width={520}>
        {impactOf && <MoveImpactDrawer system={impactOf} />}
      </Drawer>
    </Space>
  );
}
