/*
 * Findings triage (Art.33, Art.38): every finding the EIC may see, counted by article, rule,
 * department and severity (charts and tables with the same figures), filtered by any of them (a click
 * on a bar or a row filters too), each linked to its subject's page, exported as CSV.
 */
import { Button, Card, Col, Empty, Input, Row, Select, Space, Statistic, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo, useState } from "react";
import { Link } from "react-router";

import { Loading, QueryError } from "@/components/query-state";
import { Chart } from "@/features/eic/components/chart";
import { DeskFindingRulesDocument, DeskFindingsDocument, type DeskFindingsQuery } from "@/features/eic/api/findings.generated";
import { download, toCsv } from "@/features/eic/lib/csv";
import { parseSubject } from "@/features/eic/lib/subjects";
import { useAllPages } from "@/features/eic/lib/use-all-pages";
import { useQuery } from "@apollo/client/react";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";

const m = messages.eic.findings;
const SEVERITIES = ["HIGH", "MEDIUM", "LOW"] as const;
export const SEVERITY_COLOURS: Record<string, string> = { HIGH: "#c62828", MEDIUM: "#9a4a00", LOW: "#1565c0" };
const TOP_DEPARTMENTS = 15;

export type Finding = DeskFindingsQuery["findings"]["edges"][number]["node"];

type Filter = { article: string[]; rule: string[]; department: string[]; severity: string[]; text: string };
const NO_FILTER: Filter = { article: [], rule: [], department: [], severity: [], text: "" };

type Group = { key: string; label: string; total: number; HIGH: number; MEDIUM: number; LOW: number };

function groupBy(findings: Finding[], key: (f: Finding) => string, label: (key: string) => string): Group[] {
  const groups = new Map<string, Group>();
  for (const f of findings) {
    const k = key(f);
    const g = groups.get(k) ?? { key: k, label: label(k), total: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };
    g.total += 1;
    if (f.severity === "HIGH" || f.severity === "MEDIUM" || f.severity === "LOW") g[f.severity] += 1;
    groups.set(k, g);
  }
  return [...groups.values()];
}

function articleOrder(article: string): number {
  return Number(article.replace(/^Art\./, "").split(/[^0-9]/)[0] ?? 0);
}

function departmentName(f: Finding): string {
  return f.department?.shortName ?? f.department?.name ?? f.departmentCode ?? messages.common.none;
}

export function FindingsPanel() {
  const labels = useLabels();
  const all = useAllPages(DeskFindingsDocument, {}, (d) => d.findings, "findings");
  const rules = useQuery(DeskFindingRulesDocument);
  const [filter, setFilter] = useState<Filter>(NO_FILTER);

  const titles = useMemo(() => new Map((rules.data?.findingRules ?? []).map((r) => [r.rule, r.title])), [rules.data]);
  const departments = useMemo(() => {
    const named = new Map<string, string>();
    for (const f of all.items) if (f.departmentCode) named.set(f.departmentCode, departmentName(f));
    return named;
  }, [all.items]);

  const shown = useMemo(() => {
    const text = filter.text.trim().toLowerCase();
    const keep = (values: string[], value: string | null | undefined) => values.length === 0 || values.includes(value ?? "");
    return all.items.filter(
      (f) =>
        keep(filter.article, f.article) &&
        keep(filter.rule, f.rule) &&
        keep(filter.department, f.departmentCode) &&
        keep(filter.severity, f.severity) &&
        (!text || f.message.toLowerCase().includes(text) || f.subject.toLowerCase().includes(text)),
    );
  }, [all.items, filter]);

  const byArticle = useMemo(() => groupBy(shown, (f) => f.article, (a) => a).sort((a, b) => articleOrder(a.key) - articleOrder(b.key)), [shown]);
  const byRule = useMemo(() => groupBy(shown, (f) => f.rule, (r) => titles.get(r) ?? r).sort((a, b) => b.total - a.total), [shown, titles]);
  const byDepartment = useMemo(
    () => groupBy(shown, (f) => f.departmentCode ?? "", (d) => departments.get(d) ?? messages.common.none).sort((a, b) => b.HIGH - a.HIGH || b.total - a.total),
    [shown, departments],
  );

  const stacked = (groups: Group[], horizontal: boolean) => ({
    tooltip: { trigger: "axis" },
    legend: { data: SEVERITIES.map((s) => labels.enumLabel("Severity", s)) },
    grid: { left: horizontal ? 150 : 40, right: 20, top: 40, bottom: 30 },
    [horizontal ? "yAxis" : "xAxis"]: { type: "category", data: groups.map((g) => g.label), inverse: horizontal },
    [horizontal ? "xAxis" : "yAxis"]: { type: "value", minInterval: 1 },
    series: SEVERITIES.map((s) => ({ name: labels.enumLabel("Severity", s), type: "bar", stack: "all", data: groups.map((g) => g[s]), itemStyle: { color: SEVERITY_COLOURS[s] } })),
  });
  const articleChart = useMemo(() => stacked(byArticle, false), [byArticle]); // eslint-disable-line react-hooks/exhaustive-deps
  const departmentChart = useMemo(() => stacked(byDepartment.slice(0, TOP_DEPARTMENTS), true), [byDepartment]); // eslint-disable-line react-hooks/exhaustive-deps

  if (all.error) return <QueryError error={all.error} />;
  if (all.loading) return <Loading label={m.loading} />;

  const set = (patch: Partial<Filter>) => setFilter((f) => ({ ...f, ...patch }));
  const toggle = (field: "article" | "rule" | "department" | "severity", value: string) =>
    setFilter((f) => ({ ...f, [field]: f[field].includes(value) ? f[field].filter((v) => v !== value) : [value] }));
  const filtered = filter !== NO_FILTER;

  const groupColumns = (title: string, render?: (g: Group) => React.ReactNode): ColumnsType<Group> => [
    { title, key: "label", render: (_: unknown, g) => render?.(g) ?? g.label },
    { title: m.total, dataIndex: "total", key: "total", align: "right", sorter: (a, b) => a.total - b.total },
    ...SEVERITIES.map((s) => ({ title: labels.enumLabel("Severity", s), dataIndex: s, key: s, align: "right" as const, sorter: (a: Group, b: Group) => a[s] - b[s] })),
  ];

  const columns: ColumnsType<Finding> = [
    {
      title: m.severity,
      dataIndex: "severity",
      key: "severity",
      width: 80,
      render: (v: string) => <Tag color={SEVERITY_COLOURS[v]}>{labels.enumLabel("Severity", v)}</Tag>,
      sorter: (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
    },
    { title: m.article, dataIndex: "article", key: "article", width: 80 },
    { title: m.rule, dataIndex: "rule", key: "rule", width: 160, render: (r: string) => titles.get(r) ?? r },
    {
      title: m.subject,
      dataIndex: "subject",
      key: "subject",
      render: (text: string) => {
        const s = parseSubject(text);
        const what = `${labels.kindLabel(s.kind)} ${s.code}`;
        return s.path ? <Link to={s.path}>{what}</Link> : what;
      },
    },
    {
      title: m.department,
      key: "department",
      width: 140,
      render: (_: unknown, f) => (f.departmentCode ? <Link to={paths.department(f.departmentCode)}>{departmentName(f)}</Link> : messages.common.none),
    },
    { title: m.message, dataIndex: "message", key: "message" },
    { title: m.dueDate, dataIndex: "dueDate", key: "dueDate", width: 110, render: (d: string | null) => d ?? messages.common.none, sorter: (a, b) => (a.dueDate ?? "").localeCompare(b.dueDate ?? "") },
  ];

  const exportCsv = () =>
    download(
      m.csvName,
      toCsv(
        [m.severity, m.article, m.ruleCode, m.rule, m.subject, m.departmentCode, m.department, m.message, m.dueDate],
        shown.map((f) => [labels.enumLabel("Severity", f.severity), f.article, f.rule, titles.get(f.rule) ?? f.rule, f.subject, f.departmentCode, departmentName(f), f.message, f.dueDate]),
      ),
    );

  const high = shown.filter((f) => f.severity === "HIGH").length;
  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <Row gutter={16}>
        <Col xs={12} md={6}><Statistic title={m.totalShown} value={shown.length} suffix={filtered ? `/ ${all.total}` : undefined} /></Col>
        {SEVERITIES.map((s) => (
          <Col xs={12} md={6} key={s}>
            <Statistic title={labels.enumLabel("Severity", s)} value={shown.filter((f) => f.severity === s).length} valueStyle={{ color: SEVERITY_COLOURS[s] }} />
          </Col>
        ))}
      </Row>
      {all.truncated && <Typography.Text type="warning">{fill(m.truncated, { shown: all.items.length, total: all.total })}</Typography.Text>}
      <Card size="small" title={m.filterTitle}>
        <Space wrap>
          <Select mode="multiple" allowClear style={{ minWidth: 160 }} aria-label={m.article} placeholder={m.article} value={filter.article} onChange={(v: string[]) => set({ article: v })}
            options={[...new Set(all.items.map((f) => f.article))].sort((a, b) => articleOrder(a) - articleOrder(b)).map((a) => ({ value: a, label: a }))} />
          <Select mode="multiple" allowClear style={{ minWidth: 200 }} aria-label={m.rule} placeholder={m.rule} value={filter.rule} onChange={(v: string[]) => set({ rule: v })}
            options={[...new Set(all.items.map((f) => f.rule))].map((r) => ({ value: r, label: titles.get(r) ?? r }))} />
          <Select mode="multiple" allowClear showSearch optionFilterProp="label" style={{ minWidth: 220 }} aria-label={m.department} placeholder={m.department} value={filter.department} onChange={(v: string[]) => set({ department: v })}
            options={[...departments].map(([code, name]) => ({ value: code, label: name }))} />
          <Select mode="multiple" allowClear style={{ minWidth: 140 }} aria-label={m.severity} placeholder={m.severity} value={filter.severity} onChange={(v: string[]) => set({ severity: v })}
            options={SEVERITIES.map((s) => ({ value: s, label: labels.enumLabel("Severity", s) }))} />
          <Input.Search allowClear style={{ width: 220 }} aria-label={m.textFilter} placeholder={m.textFilter} onSearch={(text) => set({ text })} />
          <Button onClick={() => setFilter(NO_FILTER)} disabled={!filtered}>{m.clear}</Button>
          <Button onClick={exportCsv}>{m.exportCsv}</Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {fill(m.highShare, { high, total: shown.length, share: shown.length ? Math.round((100 * high) / shown.length) : 0 })}
        </Typography.Paragraph>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card size="small" title={m.byArticle}>
            <Chart label={m.byArticleChart} option={articleChart} onPick={(name) => toggle("article", name)} />
            <Table<Group> size="small" rowKey="key" pagination={false} columns={groupColumns(m.article)} dataSource={byArticle}
              onRow={(g) => ({ onClick: () => toggle("article", g.key), style: { cursor: "pointer" } })} />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={m.byDepartment}>
            <Chart label={m.byDepartmentChart} option={departmentChart} height={360} onPick={(_, i) => { const g = byDepartment[i]; if (g) toggle("department", g.key); }} />
            <Table<Group> size="small" rowKey="key" pagination={{ pageSize: 10, hideOnSinglePage: true }} columns={groupColumns(m.department)} dataSource={byDepartment}
              onRow={(g) => ({ onClick: () => toggle("department", g.key), style: { cursor: "pointer" } })} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={m.byRule}>
        <Table<Group> size="small" rowKey="key" pagination={false} columns={groupColumns(m.rule)} dataSource={byRule}
          onRow={(g) => ({ onClick: () => toggle("rule", g.key), style: { cursor: "pointer" } })} />
      </Card>
      <section aria-label={m.listTitle}>
        <Typography.Title level={2}>{fill(m.listCount, { count: shown.length })}</Typography.Title>
        <Table<Finding> size="small" rowKey={(f) => `${f.rule}|${f.subject}|${f.related.join(",")}`} columns={columns} dataSource={shown}
          pagination={{ pageSize: 20, showSizeChanger: false }} locale={{ emptyText: <Empty description={m.none} /> }} />
      </section>
    </Space>
  );
}
