/* Saved migration scenarios, and two of them side by side: waves, what moved, warnings of one only. */
import { Button, Card, Col, Empty, List, Row, Select, Space, Table, Typography } from "antd";
import { useState } from "react";

import { compare, deleteScenario, type Scenario } from "@/features/eic/lib/scenarios";
import { fill, messages } from "@/lib/i18n";

const m = messages.eic.scenarios;
type Moved = { code: string; a: number | null; b: number | null };

export function ScenarioCompare({ scenarios, onChange }: { scenarios: Scenario[]; onChange: (s: Scenario[]) => void }) {
  const [a, setA] = useState<string | undefined>();
  const [b, setB] = useState<string | undefined>();
  const sa = scenarios.find((s) => s.name === a);
  const sb = scenarios.find((s) => s.name === b);
  const diff = sa && sb ? compare(sa, sb) : null;
  const wave = (n: number | null) => (n === null ? m.notMoving : fill(m.wave, { number: n }));
  const options = scenarios.map((s) => ({ value: s.name, label: s.name }));
  const describe = (s: Scenario) =>
    fill(m.describe, { capacity: s.capacity ?? m.noLimit, pins: s.pins.length, waves: s.waves, warnings: s.warnings.length });
  return (
    <Card size="small" title={fill(m.title, { count: scenarios.length })}>
      {scenarios.length === 0 ? (
        <Typography.Text type="secondary">{m.none}</Typography.Text>
      ) : (
        <Space direction="vertical" style={{ width: "100%" }}>
          <List size="small" dataSource={scenarios} rowKey="name"
            renderItem={(s) => (
              <List.Item actions={[<Button key="delete" size="small" onClick={() => onChange(deleteScenario(s.name))} aria-label={fill(m.deleteNamed, { name: s.name })}>{m.delete}</Button>]}>
                <Typography.Text strong>{s.name}</Typography.Text>
                <Typography.Text type="secondary">{describe(s)}</Typography.Text>
              </List.Item>
            )} />
          <Space wrap>
            <Select aria-label={m.pickA} placeholder={m.pickA} style={{ minWidth: 200 }} value={a} onChange={setA} options={options} />
            <Select aria-label={m.pickB} placeholder={m.pickB} style={{ minWidth: 200 }} value={b} onChange={setB} options={options} />
          </Space>
          {sa && sb && diff && (
            <section aria-label={m.compareTitle}>
              <Row gutter={16}>
                <Col span={12}><Typography.Text strong>{sa.name}</Typography.Text><br />{describe(sa)}</Col>
                <Col span={12}><Typography.Text strong>{sb.name}</Typography.Text><br />{describe(sb)}</Col>
              </Row>
              <Typography.Title level={3}>{fill(m.movedTitle, { count: diff.moved.length })}</Typography.Title>
              <Table<Moved> size="small" rowKey="code" pagination={false} dataSource={diff.moved} locale={{ emptyText: <Empty description={m.same} /> }}
                columns={[
                  { title: m.system, dataIndex: "code", key: "code" },
                  { title: sa.name, key: "a", render: (_: unknown, r: Moved) => wave(r.a) },
                  { title: sb.name, key: "b", render: (_: unknown, r: Moved) => wave(r.b) },
                ]} />
              <Row gutter={16}>
                <Col span={12}>
                  <Typography.Title level={3}>{fill(m.onlyIn, { name: sa.name, count: diff.onlyA.length })}</Typography.Title>
                  <ul className="gg-plain-list">{diff.onlyA.map((w) => <li key={w}>{w}</li>)}</ul>
                </Col>
                <Col span={12}>
                  <Typography.Title level={3}>{fill(m.onlyIn, { name: sb.name, count: diff.onlyB.length })}</Typography.Title>
                  <ul className="gg-plain-list">{diff.onlyB.map((w) => <li key={w}>{w}</li>)}</ul>
                </Col>
              </Row>
            </section>
          )}
        </Space>
      )}
    </Card>
  );
}
