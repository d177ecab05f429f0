/*
 * A resource's page, deep-linkable by its code (/resources/101001%2F000001): every attribute of the
 * catalog template with its Chinese label, the share and open type with their conditions, its
 * items, provider, holding systems and catalogs. What the principal may not see the API leaves out
 * (items of a conditional resource without a grant; the resource itself, answered as not found).
 */
import { useQuery } from "@apollo/client/react";
import { Alert, Button, Card, Descriptions, Space, Statistic, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link, useNavigate } from "react-router";

import { EnumTag } from "@/components/enum-tag";
import { Loading, NotFound, QueryError } from "@/components/query-state";
import { YesNo } from "@/components/yes-no";
import { type ResourcePageQuery, type ResourceUsesQuery, ResourcePageDocument, ResourceUsesDocument } from "@/features/resource/api/resource.generated";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";

const m = messages.resource;

type Resource = NonNullable<ResourcePageQuery["resource"]>;
type Item = Resource["items"][number];
type HoldingSystem = Resource["systems"][number];
type UseRow = ResourceUsesQuery["uses"]["edges"][number]["node"];

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
  // Art.24: a conditional resource's items are detail seen under a granted use; the API then leaves
  // them out altogether (counts too), so the page says why there are none to see.
  const underGrant = resource.items.length === 0 && resource.shareType !== "UNCONDITIONAL" && !resource.viewerCan.viewUses;
  return (
    <Card title={fill(m.itemsTitle, { count: resource.itemCount })} size="small">
      {hidden > 0 && <Alert type="info" showIcon title={fill(m.itemsHidden, { hidden })} style={{ marginBottom: 12 }} />}
      {underGrant && <Alert type="info" showIcon title={m.itemsUnderGrant} style={{ marginBottom: 12 }} />}
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

/** What is downstream of the resource (Art.25): counts, and the departments to notify of an error in it. */
function Impact({ resource }: { resource: Resource }) {
  const c = resource.impact.counts;
  const stats: [string, number][] = [[m.impactDerived, c.derived], [m.impactUses, c.uses], [m.impactConsumers, c.consumers], [m.impactCitations, c.citations], [m.impactPublications, c.publications]];
  return (
    <Card title={m.impactTitle} size="small">
      <Space size="large" wrap>
        {stats.map(([title, value]) => (
          <Statistic key={title} title={title} value={value} />
        ))}
      </Space>
      {resource.impact.notify.length > 0 && (
        <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
          {m.impactNotify}
          {resource.impact.notify.map((d) => (
            <Tag key={d.id}>
              <Link to={paths.department(d.code)}>{d.shortName ?? d.name}</Link>
            </Tag>
          ))}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** Who uses the resource, for its provider and the EIC (the API answers only what they may see). */
function Uses({ code }: { code: string }) {
  const labels = useLabels();
  const { data, error, loading, fetchMore } = useQuery(ResourceUsesDocument, { variables: { code }, notifyOnNetworkStatusChange: true });
  if (error) return <QueryError error={error} />;
  const page = data?.uses;
  const columns: ColumnsType<UseRow> = [
    { title: m.useConsumer, key: "consumer", render: (_: unknown, u) => (u.consumer ? u.consumer.name : messages.common.none) },
    { title: m.useDepartment, key: "department", render: (_: unknown, u) => (u.consumer?.actsFor ? <Link to={paths.department(u.consumer.actsFor.code)}>{u.consumer.actsFor.shortName ?? u.consumer.actsFor.name}</Link> : messages.common.none) },
    { title: m.usePurpose, dataIndex: "purpose", key: "purpose" },
    { title: m.useStatus, dataIndex: "status", key: "status", render: (v: string) => labels.enumLabel("UseStatus", v) },
    { title: m.useRequestedAt, dataIndex: "requestedAt", key: "requestedAt" },
    { title: m.useExpiresAt, dataIndex: "expiresAt", key: "expiresAt", render: (v: string | null) => text(v) },
  ];
  return (
    <Card title={fill(m.usesTitle, { count: page?.totalCount ?? 0 })} size="small">
      <Table<UseRow> rowKey="id" size="small" loading={loading} columns={columns} dataSource={page?.edges.map((e) => e.node) ?? []} pagination={false} locale={{ emptyText: m.noUses }} />
      {page?.pageInfo.hasNextPage && (
        <Button style={{ marginTop: 12 }} loading={loading} onClick={() => void fetchMore({ variables: { after: page.pageInfo.endCursor } })}>
          {messages.resources.loadMore}
        </Button>
      )}
    </Card>
  );
}

export function ResourcePage({ code }: { code: string }) {
  const labels = useLabels();
  const navigate = useNavigate();
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
        {(resource.viewerCan.requestUse || resource.viewerCan.reportError) && (
          <Space style={{ marginTop: 12 }}>
            {resource.viewerCan.requestUse && (
              <Button type="primary" onClick={() => void navigate(paths.requestUse(resource.code))}>
                {m.requestUse}
              </Button>
            )}
            {resource.viewerCan.reportError && <Button onClick={() => void navigate(paths.reportError(resource.code))}>{m.reportError}</Button>}
          </Space>
        )}
      </div>
      <Sharing resource={resource} />
      <Items resource={resource} />
      <Attributes resource={resource} />
      <Impact resource={resource} />
      {resource.viewerCan.viewUses && <Uses code={resource.code} />}
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
