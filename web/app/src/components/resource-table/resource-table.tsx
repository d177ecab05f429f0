/*
 * A list of resources as a table: code and name link to the resource page, the provider to its
 * department page, enum values by their Chinese labels. Columns sort the rows loaded so far (the
 * API lists in code order and has no sort argument yet); "load more" follows the connection.
 */
import { Button, Space, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link } from "react-router";

import type { ResourceRowFragment } from "@/components/resource-table/resource-row.generated";
import { EnumTag } from "@/components/enum-tag";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";

const m = messages.resources;

type Props = {
  rows: ResourceRowFragment[];
  totalCount: number | null;
  loading: boolean;
  hasMore: boolean;
  onLoadMore: () => void;
  caption?: string;
  /** Extra columns (e.g. the open condition in the open catalog). */
  extra?: ColumnsType<ResourceRowFragment>;
};

const byText = (a: string | null | undefined, b: string | null | undefined) => (a ?? "").localeCompare(b ?? "", "zh-Hans-CN");

export function ResourceTable({ rows, totalCount, loading, hasMore, onLoadMore, caption, extra = [] }: Props) {
  const labels = useLabels();
  const columns: ColumnsType<ResourceRowFragment> = [
    { title: m.code, dataIndex: "code", key: "code", sorter: (a, b) => byText(a.code, b.code), defaultSortOrder: "ascend", width: 150,
      render: (code: string) => <Link to={paths.resource(code)}>{code}</Link> },
    { title: m.name, dataIndex: "name", key: "name", sorter: (a, b) => byText(a.name, b.name),
      render: (name: string, row) => <Link to={paths.resource(row.code)}>{name}</Link> },
    { title: m.provider, key: "provider", sorter: (a, b) => byText(a.provider?.shortName ?? a.provider?.name, b.provider?.shortName ?? b.provider?.name),
      render: (_: unknown, row) => (row.provider ? <Link to={paths.department(row.provider.code)}>{row.provider.shortName ?? row.provider.name}</Link> : messages.common.none) },
    { title: m.shareType, dataIndex: "shareType", key: "shareType", sorter: (a, b) => byText(labels.enumLabel("ShareType", a.shareType), labels.enumLabel("ShareType", b.shareType)),
      render: (value: string) => <EnumTag name="ShareType" value={value} /> },
    { title: m.openType, dataIndex: "openType", key: "openType", sorter: (a, b) => byText(labels.enumLabel("OpenType", a.openType), labels.enumLabel("OpenType", b.openType)),
      render: (value: string) => <EnumTag name="OpenType" value={value} /> },
    { title: m.updateCycle, dataIndex: "updateCycle", key: "updateCycle", sorter: (a, b) => byText(labels.enumLabel("UpdateCycle", a.updateCycle), labels.enumLabel("UpdateCycle", b.updateCycle)),
      render: (value: string | null) => labels.enumLabel("UpdateCycle", value) },
    { title: m.itemCount, dataIndex: "itemCount", key: "itemCount", sorter: (a, b) => a.itemCount - b.itemCount, width: 90, align: "right" },
    ...extra,
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
        title={caption ? () => caption : undefined}
        showSorterTooltip={{ title: m.sortHint }}
        locale={{ emptyText: loading ? messages.common.loading : m.empty }}
        scroll={{ x: 900 }}
      />
      <Space>
        {totalCount !== null && <Typography.Text type="secondary">{fill(m.shown, { shown: rows.length, total: totalCount })}</Typography.Text>}
        {hasMore && (
          <Button onClick={onLoadMore} loading={loading}>
            {m.loadMore}
          </Button>
        )}
      </Space>
    </Space>
  );
}
