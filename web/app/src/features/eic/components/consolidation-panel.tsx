/* Consolidation candidates (Art.27): pairs of systems holding overlapping resources or items, within a department or across two. */
import { Button, Progress, Segmented, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { Link } from "react-router";

import { Loading, QueryError } from "@/components/query-state";
import { DeskConsolidationDocument, type DeskConsolidationQuery } from "@/features/eic/api/consolidation.generated";
import { download, toCsv } from "@/features/eic/lib/csv";
import { useAllPages } from "@/features/eic/lib/use-all-pages";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";

const m = messages.eic.consolidation;
type Scope = "WITHIN_DEPARTMENT" | "ACROSS_DEPARTMENTS";
type Candidate = DeskConsolidationQuery["consolidationCandidates"]["edges"][number]["node"];

const percent = (x: number) => Math.round(x * 100);

export function ConsolidationPanel() {
  const labels = useLabels();
  const [scope, setScope] = useState<Scope>("WITHIN_DEPARTMENT");
  const all = useAllPages(DeskConsolidationDocument, { scope }, (d) => d.consolidationCandidates, `consolidation-${scope}`);
  const columns: ColumnsType<Candidate> = [
    {
      title: m.systems,
      key: "systems",
      render: (_: unknown, c) => (
        <Space direction="vertical" size={0}>
          {c.systems.map((s) => <Link key={s.code} to={paths.system(s.code)}>{fill(messages.common.nameWithCode, { name: s.name, code: s.code })}</Link>)}
        </Space>
      ),
    },
    { title: m.departments, key: "departments", render: (_: unknown, c) => c.departments.map((d) => <Link key={d} to={paths.department(d)} style={{ marginRight: 8 }}>{d}</Link>) },
    { title: m.score, dataIndex: "score", key: "score", width: 140, sorter: (a, b) => a.score - b.score, defaultSortOrder: "descend",
      render: (x: number) => <Progress percent={percent(x)} size="small" aria-label={fill(m.scoreLabel, { percent: percent(x) })} /> },
    { title: m.resourceScore, dataIndex: "resourceScore", key: "resourceScore", align: "right", render: (x: number) => `${percent(x)}%` },
    { title: m.itemScore, dataIndex: "itemScore", key: "itemScore", align: "right", render: (x: number) => `${percent(x)}%` },
    { title: m.shared, key: "shared", render: (_: unknown, c) => fill(m.sharedCount, { resources: c.sharedResources.length, items: c.sharedItems.length }) },
    { title: m.caveats, key: "caveats", render: (_: unknown, c) => (c.caveats.length ? c.caveats.map((x) => <Tag key={x}>{x}</Tag>) : messages.common.none) },
    { title: m.message, dataIndex: "message", key: "message" },
  ];
  const exportCsv = () =>
    download(
      m.csvName,
      toCsv(
        [m.systemA, m.systemB, m.departments, m.score, m.resourceScore, m.itemScore, m.sharedResources, m.sharedItems, m.caveats, m.message],
        all.items.map((c) => [c.codes[0], c.codes[1], c.departments.join(" "), c.score.toFixed(2), c.resourceScore.toFixed(2), c.itemScore.toFixed(2), c.sharedResources.join(" "), c.sharedItems.join(" "), c.caveats.join(messages.common.listSeparator), c.message]),
      ),
    );
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Typography.Paragraph>{m.intro}</Typography.Paragraph>
      <Space wrap>
        <Segmented<Scope> aria-label={m.scope} value={scope} onChange={setScope}
          options={[{ value: "WITHIN_DEPARTMENT", label: labels.enumLabel("ConsolidationScope", "WITHIN_DEPARTMENT") }, { value: "ACROSS_DEPARTMENTS", label: labels.enumLabel("ConsolidationScope", "ACROSS_DEPARTMENTS") }]} />
        <Button onClick={exportCsv} disabled={all.loading || all.items.length === 0}>{m.exportCsv}</Button>
      </Space>
      {all.error ? <QueryError error={all.error} /> : all.loading ? <Loading /> : (
        <>
          <Typography.Text>{fill(m.count, { count: all.total })}</Typography.Text>
          <Table<Candidate> size="small" rowKey={(c) => c.codes.join("|")} columns={columns} dataSource={all.items} pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: m.none }} />
        </>
      )}
    </Space>
  );
}
