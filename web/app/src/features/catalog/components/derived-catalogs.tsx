/*
 * The catalogs derived from the resources' attributes (Art.10): the share catalog (共享目录), by share
 * type, for departments; the open catalog (开放目录), by open type, for everyone, the public included.
 * Both are tables that sort by any column, filter by type and text, and load page after page.
 */
import { useQuery } from "@apollo/client/react";
import { Input, Segmented, Space, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";

import { QueryError } from "@/components/query-state";
import type { ResourceRowFragment } from "@/components/resource-table/resource-row.generated";
import { ResourceTable } from "@/components/resource-table/resource-table";
import { OpenCatalogDocument, ShareCatalogDocument } from "@/features/catalog/api/catalogs.generated";
import type { OpenType, ShareType } from "@/generated/types";
import { messages } from "@/lib/i18n";
import { type EnumName, useLabels } from "@/lib/labels";
import { cleanText } from "@/lib/text";

const m = messages.catalog;
const PAGE = 50;
const MAX_FILTER_CHARS = 100;

function TypeFilter<T extends string>({ name, values, value, onChange, label }: { name: EnumName; values: T[]; value: T | "ALL"; onChange: (v: T | "ALL") => void; label: string }) {
  const labels = useLabels();
  return (
    <Segmented<T | "ALL">
      aria-label={label}
      value={value}
      onChange={onChange}
      options={[{ value: "ALL", label: m.all }, ...values.map((v) => ({ value: v, label: labels.enumLabel(name, v) }))]}
    />
  );
}

function TextFilter({ onChange }: { onChange: (text: string | null) => void }) {
  return <Input.Search allowClear placeholder={m.filterPlaceholder} aria-label={m.filterLabel} onSearch={(v) => onChange(cleanText(v, MAX_FILTER_CHARS))} style={{ maxWidth: 320 }} />;
}

type Row = ResourceRowFragment & { shareCondition?: string | null; openCondition?: string | null; publishedAt?: string | null };

const conditionColumn = (title: string, key: "shareCondition" | "openCondition"): ColumnsType<Row>[number] => ({
  title,
  dataIndex: key,
  key,
  sorter: (a, b) => (a[key] ?? "").localeCompare(b[key] ?? "", "zh-Hans-CN"),
  render: (text: string | null) => text ?? messages.common.none,
});

export function ShareCatalogPage() {
  const [type, setType] = useState<ShareType | "ALL">("ALL");
  const [text, setText] = useState<string | null>(null);
  const filter = { ...(type === "ALL" ? {} : { shareType: [type] }), ...(text ? { text } : {}) };
  const { data, error, loading, fetchMore } = useQuery(ShareCatalogDocument, { variables: { first: PAGE, filter }, notifyOnNetworkStatusChange: true });
  const page = data?.shareCatalog;
  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <Typography.Title level={1}>{m.shareTitle}</Typography.Title>
      <Typography.Paragraph type="secondary">{m.shareIntro}</Typography.Paragraph>
      <Space wrap>
        <TypeFilter<ShareType> name="ShareType" values={["UNCONDITIONAL", "CONDITIONAL"]} value={type} onChange={setType} label={m.shareType} />
        <TextFilter onChange={setText} />
      </Space>
      {error && <QueryError error={error} />}
      <ResourceTable
        rows={page?.edges.map((e) => e.node) ?? []}
        totalCount={page?.totalCount ?? null}
        loading={loading}
        hasMore={page?.pageInfo.hasNextPage ?? false}
        onLoadMore={() => void fetchMore({ variables: { after: page?.pageInfo.endCursor } })}
        extra={[conditionColumn(m.shareCondition, "shareCondition")]}
      />
    </Space>
  );
}

export function OpenCatalogPage() {
  const [type, setType] = useState<OpenType | "ALL">("ALL");
  const [text, setText] = useState<string | null>(null);
  const filter = { ...(type === "ALL" ? {} : { openType: [type] }), ...(text ? { text } : {}) };
  const { data, error, loading, fetchMore } = useQuery(OpenCatalogDocument, { variables: { first: PAGE, filter }, notifyOnNetworkStatusChange: true });
  const page = data?.openCatalog;
  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <Typography.Title level={1}>{m.openTitle}</Typography.Title>
      <Typography.Paragraph type="secondary">{m.openIntro}</Typography.Paragraph>
      <Space wrap>
        <TypeFilter<OpenType> name="OpenType" values={["UNCONDITIONAL", "CONDITIONAL"]} value={type} onChange={setType} label={m.openType} />
        <TextFilter onChange={setText} />
      </Space>
      {error && <QueryError error={error} />}
      <ResourceTable
        rows={page?.edges.map((e) => e.node) ?? []}
        totalCount={page?.totalCount ?? null}
        loading={loading}
        hasMore={page?.pageInfo.hasNextPage ?? false}
        onLoadMore={() => void fetchMore({ variables: { after: page?.pageInfo.endCursor } })}
        extra={[conditionColumn(m.openCondition, "openCondition")]}
      />
      <Typography.Paragraph type="secondary">{m.dcatHint}</Typography.Paragraph>
    </Space>
  );
}
