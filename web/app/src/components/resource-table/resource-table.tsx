/*
 * A list of resources as a table: code and name link to the resource page, the provider to its
 * department page, enum values by their Chinese labels. Columns sort the rows loaded so far (the
 * API lists in code order and has no sort argument yet); "load more" follows the connection.
 */
import { Button, Space, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link } from "react-router";

import type { ResourceRowFragment, ResourceRowsFragment } from "@/components/resource-table/resource-row.generated";
import { EnumTag } from "@/components/enum-tag";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";

const m = messages.resources;

type Props = {
  /** A page of the connection (all pages loaded so far, as Apollo merges them), or the rows of a plain list. */
  page: ResourceRowsFragment | { rows: ResourceRowFragment[] } | undefined;
  loading: boolean;
  /** Load the page after the cursor (absent: nothing more to load). */
  onLoadMore?: (after: string) => void;
  /** An extra column: the share or the open condition. */
  condition?: { title: string; key: "shareCondition" | "openCondition" };
};

const byText = (a: string | null | undefined, b: string | null | undefined) => (a ?? "").localeCompare(b ?? "", "zh-Hans-CN");

export function ResourceTable({ page, loading, onLoadMore, condition }: Props) {
  const labels = useLabels();
  const rows = page === undefined ? [] : "rows" in page ? page.rows : page.edges.map((e) => e.node);
  const total = page === undefined ? null : "rows" in page ? page.rows.length : page.totalCount;
  const next = page && !("rows" in page) && page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  const byLabel = (name: "ShareType" | "OpenType" | "UpdateCycle", key: "shareType" | "openType" | "updateCycle") => (a: ResourceRowFragment, b: ResourceRowFragment) =>
    byText(labels.enumLabel(name, a[key]), labels.enumLabel(name, b[key]));
  const columns: ColumnsType<ResourceRowFragment> = [
    { title: m.code, dataIndex: "code", key: "code", sorter: (a, b) => byText(a.code, b.code), defaultSortOrder: "ascend", width: 150,
      render: (code: string) => <Link to={paths.resource(code)}>{code}</Link> },
    { title: m.name, dataIndex: "name", key: "name", sorter: (a, b) => byText(a.name, b.name),
      render: (name: string, row) => <Link to={paths.resource(row.code)}>{name}</Link> },
    { title: m.provider, key: "provider", sorter: (a, b) => byText(a.provider?.shortName ?? a.provider?.name, b.provider?.shortName ?? b.provider?.name),
      render: (_: unknown, row) => (row.provider ? <Link to={paths.department(row.provider.code)}>{row.provider.shortName ?? row.provider.name}</Link> : messages.common.none) },
    { title: m.shareType, dataIndex: "shareType", key: "shareType", sorter: byLabel("ShareType", "shareType"), render: (value: string) => <EnumTag name="ShareType" value={value} /> },
    { title: m.openType, dataIndex: "openType", key: "openType", sorter: byLabel("OpenType", "openType"), render: (value: string) => <EnumTag name="OpenType" value={value} /> },
    { title: m.updateCycle, dataIndex: "updateCycle", key: "updateCycle", sorter: byLabel("UpdateCycle", "updateCycle"), render: (value: string | null) => labels.enumLabel("UpdateCycle", value) },
    { title: m.itemCount, dataIndex: "itemCount", key: "itemCount", sorter: (a, b) => a.itemCount - b.itemCount, width: 90, align: "right" },
    ...(condition
      ? [{ title: condition.title, key: condition.key, sorter: (a: ResourceRowFragment, b: ResourceRowFragment) => byText(a[condition.key], b[condition.key]),
          render: (_: unknown, row: ResourceRowFragment) => row[condition.key] ?? messages.common.none }]
      : []),
  ];
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Table<ResourceRowFragment>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={false}
        showSorterTooltip={{ title: m.sortHint }}
        locale={{ emptyText: loading ? messages.common.loading : m.empty }}
        scroll={{ x: 900 }}
      />
      <Space>
        {total !== null && <Typography.Text type="secondary">{fill(m.shown, { shown: rows.length, total })}</Typography.Text>}
        {next && onLoadMore && (
          <Button onClick={() => onLoadMore(next)} loading={loading}>
            {m.loadMore}
          </Button>
        )}
      </Space>
    </Space>
  );
}
