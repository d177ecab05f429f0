/*
 * A resource's page, deep-linkable by its code (/resources/101001%2F000001): every attribute of the
 * catalog template with its Chinese label, the share and open type with their conditions, its
 * items, provider, holding systems and catalogs. What the principal may not see the API leaves out
 * (items of a conditional resource without a grant; the resource itself, answered as not found).
 */
import { useQuery } from "@apollo/client/react";
import { Alert, Card, Descriptions, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link } from "react-router";

import { EnumTag } from "@/components/enum-tag";
import { Loading, NotFound, QueryError } from "@/components/query-state";
import { YesNo } from "@/components/yes-no";
import { type ResourcePageQuery, ResourcePageDocument } from "@/features/resource/api/resource.generated";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";

const m = messages.resource;

type Resource = NonNullable<ResourcePageQuery["resource"]>;
type Item = Resource["items"][number];
type HoldingSystem = Resource["systems"][number];

const text = (value: string | null | undefined) => value ?? messages.common.none;

function Attributes({ resource }: { resource: Resource }) {
  const labels = useLabels();
  const r = resource;
  return (
    <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} title={m.attributes}>
      <Descriptions.Item label={m.code}>{r.code}</Descriptions.Item>
      <Descriptions.Item label={m.name}>{r.name}</Descriptions.Item>
      <Descriptions.Item label={m.summary} span={2}>{text(r.summary)}</Descriptions.Item>
      <Descriptions.Item label={m.provider}>
        {r.provider ? <Link to={paths.department(r.provider.code)}>{r.provider.name}</Link> : messages.common.none}
      </Descriptions.Item>
      <Descriptions.Item label={m.classification}>{text(r.classification)}</Descriptions.Item>
      <Descriptions.Item label={m.formatClass}>{labels.enumLabel("FormatClass", r.formatClass)}</Descriptions.Item>
      <Descriptions.Item label={m.formatType}>{text(r.formatType)}</Descriptions.Item>
      <Descriptions.Item label={m.updateCycle}>{labels.enumLabel("UpdateCycle", r.updateCycle)}</Descriptions.Item>
      <Descriptions.Item label={m.collectionRoute}>{text(r.collectionRoute)}</Descriptions.Item>
      <Descriptions.Item label={m.level}>{labels.enumLabel("Level", r.level)}</Descriptions.Item>
      <Descriptions.Item label={m.status}>{labels.enumLabel("ResourceStatus", r.status)}</Descriptions.Item>
      <Descriptions.Item label={m.publishedAt}>{text(r.publishedAt)}</Descriptions.Item>
      <Descriptions.Item label={m.priorityDomain}>{labels.enumLabel("PriorityDomain", r.priorityDomain)}</Descriptions.Item>
      <Descriptions.Item label={m.aggregated}><YesNo value={r.aggregated} /></Descriptions.Item>
      <Descriptions.Item label={m.containsPersonalInfo}><YesNo value={r.containsPersonalInfo} /></Descriptions.Item>
      <Descriptions.Item label={m.desensitised}><YesNo value={r.desensitised} /></Descriptions.Item>
    </Descriptions>
  );
}

function Sharing({ resource }: { resource: Resource }) {
  const labels = useLabels();
  const r = resource;
  const stricter = r.effectiveShareType !== r.shareType;
  return (
    <Descriptions bordered size="small" column={1} title={m.sharing}>
      <Descriptions.Item label={m.shareType}>
        <EnumTag name="ShareType" value={r.shareType} />
      </Descriptions.Item>
      <Descriptions.Item label={m.shareCondition}>{text(r.shareCondition)}</Descriptions.Item>
      <Descriptions.Item label={m.shareMode}>
        {r.shareModeClass ? `${labels.enumLabel("ShareModeClass", r.shareModeClass)}${r.shareModeType ? ` · ${r.shareModeType}` : ""}` : messages.common.none}
      </Descriptions.Item>
      <Descriptions.Item label={m.legalBasis}>{text(r.legalBasis)}</Descriptions.Item>
      <Descriptions.Item label={m.effectiveShareType}>
        <EnumTag name="ShareType" value={r.effectiveShareType} />
        {stricter && <Typography.Text type="warning">{m.effectiveStricter}</Typography.Text>}
      </Descriptions.Item>
      <Descriptions.Item label={m.openType}>
        <EnumTag name="OpenType" value={r.openType} />
      </Descriptions.Item>
      <Descriptions.Item label={m.openCondition}>{text(r.openCondition)}</Descriptions.Item>
    </Descriptions>
  );
}

function Items({ resource }: { resource: Resource }) {
  const labels = useLabels();
  const columns: ColumnsType<Item> = [
    { title: m.itemName, dataIndex: "name", key: "name" },
    { title: m.itemType, dataIndex: "dataType", key: "dataType", render: (v: string) => labels.enumLabel("DataType", v) },
    { title: m.itemIdentifier, dataIndex: "identifierKind", key: "identifierKind", render: (v: string) => labels.enumLabel("IdentifierKind", v) },
    { title: m.itemPersonal, dataIndex: "personal", key: "personal", render: (v: boolean) => <YesNo value={v} /> },
    { title: m.itemDesensitised, dataIndex: "desensitised", key: "desensitised", render: (v: boolean) => <YesNo value={v} /> },
  ];
  const hidden = resource.itemCount - resource.items.length;
  return (
    <Card title={fill(m.itemsTitle, { count: resource.itemCount })} size="small">
      {hidden > 0 && <Alert type="info" showIcon title={fill(m.itemsHidden, { hidden })} style={{ marginBottom: 12 }} />}
      <Table<Item> rowKey="id" size="small" columns={columns} dataSource={resource.items} pagination={false} locale={{ emptyText: m.noItems }} />
    </Card>
  );
}

function Systems({ systems }: { systems: HoldingSystem[] }) {
  const labels = useLabels();
  const columns: ColumnsType<HoldingSystem> = [
    { title: m.systemName, key: "name", render: (_: unknown, s) => <Link to={paths.system(s.code)}>{s.name}</Link> },
    { title: m.systemOperator, key: "operator", render: (_: unknown, s) => (s.operator ? <Link to={paths.department(s.operator.code)}>{s.operator.shortName ?? s.operator.name}</Link> : messages.common.none) },
    { title: m.systemHosting, dataIndex: "hosting", key: "hosting", render: (v: string) => labels.enumLabel("Hosting", v) },
    { title: m.systemStatus, dataIndex: "status", key: "status", render: (v: string) => labels.enumLabel("SystemStatus", v) },
  ];
  return (
    <Card title={m.systemsTitle} size="small">
      <Table<HoldingSystem> rowKey="id" size="small" columns={columns} dataSource={systems} pagination={false} locale={{ emptyText: m.noSystems }} />
    </Card>
  );
}

export function ResourcePage({ code }: { code: string }) {
  const labels = useLabels();
  const { data, error, loading } = useQuery(ResourcePageDocument, { variables: { code } });
  if (error) return <QueryError error={error} />;
  if (loading || !data) return <Loading />;
  const resource = data.resource;
  if (!resource) return <NotFound what={fill(m.notFound, { code })} />;
  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <div>
        <Typography.Text type="secondary">{m.kind}</Typography.Text>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          {resource.name}
        </Typography.Title>
        <Space wrap>
          <Typography.Text code>{resource.code}</Typography.Text>
          <EnumTag name="ShareType" value={resource.shareType} />
          <EnumTag name="OpenType" value={resource.openType} />
          <Link to={paths.lineage(resource.code)}>{m.openLineage}</Link>
          <Link to={paths.impact(resource.code)}>{m.openImpact}</Link>
        </Space>
      </div>
      <Sharing resource={resource} />
      <Items resource={resource} />
      <Attributes resource={resource} />
      <Systems systems={resource.systems} />
      <Card title={m.catalogsTitle} size="small">
        {resource.catalogs.length === 0
          ? m.noCatalogs
          : resource.catalogs.map((c) => (
              <Tag key={c.id}>
                <Link to={paths.catalog(c.code)}>{`${c.name} · ${labels.enumLabel("CatalogKind", c.kind)}`}</Link>
              </Tag>
            ))}
      </Card>
    </Space>
  );
}
