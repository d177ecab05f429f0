/* Department scorecards (Art.33) for a year, as a sortable table, each score beside last year's (its trend); exported as CSV. */
import { useQuery } from "@apollo/client/react";
import { Button, InputNumber, Space, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo, useState } from "react";
import { Link } from "react-router";

import { Loading, QueryError } from "@/components/query-state";
import { DeskScorecardsDocument, type DeskScorecardFragment } from "@/features/eic/api/scorecards.generated";
import { download, toCsv } from "@/features/eic/lib/csv";
import { fill, messages } from "@/lib/i18n";
import { paths } from "@/lib/paths";

const m = messages.eic.scorecards;
const FIRST_YEAR = 2018;

type Row = DeskScorecardFragment & { trend: number | null; high: number; medium: number; low: number };

const pct = (rate: number | null | undefined) => (rate === null || rate === undefined ? messages.common.none : `${Math.round(rate * 100)}%`);
const num = (rate: number | null | undefined) => rate ?? -1;

export function ScorecardsPanel() {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear - 1);
  const { data, error, loading } = useQuery(DeskScorecardsDocument, { variables: { year, previous: year - 1 } });
  const current = data?.current;
  const previous = data?.previous;
  const rows = useMemo<Row[]>(() => {
    const before = new Map((previous ?? []).map((c) => [c.department?.code ?? "", c.score]));
    return (current ?? []).map((c) => {
      const count = (s: string) => c.findingsBySeverity.find((f) => f.severity === s)?.count ?? 0;
      const last = before.get(c.department?.code ?? "");
      return { ...c, trend: last === undefined ? null : c.score - last, high: count("HIGH"), medium: count("MEDIUM"), low: count("LOW") };
    });
  }, [current, previous]);
  const name = (r: Row) => r.department?.shortName ?? r.department?.name ?? messages.common.none;
  const trend = (t: number | null) => (t === null ? messages.common.none : t > 0.05 ? fill(m.up, { delta: t.toFixed(1) }) : t < -0.05 ? fill(m.down, { delta: (-t).toFixed(1) }) : m.same);
  const columns: ColumnsType<Row> = [
    { title: m.department, key: "department", fixed: "left", render: (_: unknown, r) => (r.department ? <Link to={paths.department(r.department.code)}>{name(r)}</Link> : name(r)), sorter: (a, b) => name(a).localeCompare(name(b), "zh-CN") },
    { title: m.score, dataIndex: "score", key: "score", align: "right", render: (s: number) => s.toFixed(1), sorter: (a, b) => a.score - b.score, defaultSortOrder: "ascend" },
    { title: fill(m.trend, { year: year - 1 }), key: "trend", render: (_: unknown, r) => trend(r.trend), sorter: (a, b) => (a.trend ?? 0) - (b.trend ?? 0) },
    { title: m.resources, dataIndex: "resources", key: "resources", align: "right", sorter: (a, b) => a.resources - b.resources },
    { title: m.catalogued, key: "catalogued", align: "right", render: (_: unknown, r) => pct(r.catalogued.rate), sorter: (a, b) => num(a.catalogued.rate) - num(b.catalogued.rate) },
    { title: m.completeness, key: "completeness", align: "right", render: (_: unknown, r) => pct(r.catalogCompleteness.rate), sorter: (a, b) => num(a.catalogCompleteness.rate) - num(b.catalogCompleteness.rate) },
    { title: m.aggregation, key: "aggregation", align: "right", render: (_: unknown, r) => pct(r.aggregation.rate), sorter: (a, b) => num(a.aggregation.rate) - num(b.aggregation.rate) },
    { title: m.shareRate, key: "shareRate", align: "right", render: (_: unknown, r) => pct(r.shareRate.rate), sorter: (a, b) => num(a.shareRate.rate) - num(b.shareRate.rate) },
    { title: m.replies, key: "replies", align: "right", render: (_: unknown, r) => pct(r.conditionalReplies.rate.rate), sorter: (a, b) => num(a.conditionalReplies.rate.rate) - num(b.conditionalReplies.rate.rate) },
    { title: m.openReplies, key: "openReplies", align: "right", render: (_: unknown, r) => pct(r.openRequestReplies.rate.rate), sorter: (a, b) => num(a.openRequestReplies.rate.rate) - num(b.openRequestReplies.rate.rate) },
    { title: m.openPlan, key: "openPlan", render: (_: unknown, r) => (r.openPlan === null || r.openPlan === undefined ? messages.common.none : r.openPlan ? messages.common.yes : messages.common.no) },
    { title: m.high, dataIndex: "high", key: "high", align: "right", sorter: (a, b) => a.high - b.high },
    { title: m.medium, dataIndex: "medium", key: "medium", align: "right", sorter: (a, b) => a.medium - b.medium },
    { title: m.low, dataIndex: "low", key: "low", align: "right", sorter: (a, b) => a.low - b.low },
  ];
  const exportCsv = () =>
    download(
      fill(m.csvName, { year }),
      toCsv(
        [m.departmentCode, m.department, m.score, fill(m.trend, { year: year - 1 }), m.resources, m.catalogued, m.completeness, m.aggregation, m.shareRate, m.replies, m.openReplies, m.openPlan, m.high, m.medium, m.low],
        rows.map((r) => [r.department?.code, name(r), r.score.toFixed(1), r.trend === null ? "" : r.trend.toFixed(1), r.resources, pct(r.catalogued.rate), pct(r.catalogCompleteness.rate), pct(r.aggregation.rate), pct(r.shareRate.rate), pct(r.conditionalReplies.rate.rate), pct(r.openRequestReplies.rate.rate), r.openPlan === null || r.openPlan === undefined ? "" : r.openPlan ? messages.common.yes : messages.common.no, r.high, r.medium, r.low]),
      ),
    );
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Typography.Paragraph>{m.intro}</Typography.Paragraph>
      <Space wrap align="center">
        <label htmlFor="gg-score-year">{m.year}</label>
        <InputNumber id="gg-score-year" min={FIRST_YEAR} max={thisYear} precision={0} value={year} onChange={(v) => typeof v === "number" && v >= FIRST_YEAR && v <= thisYear && setYear(v)} />
        <Button onClick={exportCsv} disabled={rows.length === 0}>{m.exportCsv}</Button>
      </Space>
      {error ? <QueryError error={error} /> : loading && !data ? <Loading /> : (
        <Table<Row> size="small" rowKey={(r) => r.department?.code ?? ""} columns={columns} dataSource={rows} scroll={{ x: 1400 }} pagination={{ pageSize: 30, hideOnSinglePage: true }} locale={{ emptyText: m.none }} />
      )}
    </Space>
  );
}
