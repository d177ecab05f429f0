/* A department's page: its kind, level and duties, its systems and catalogs, the resources it provides. */
import { useQuery } from "@apollo/client/react";
import { Card, Descriptions, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link } from "react-router";

import { Loading, NotFound, QueryError } from "@/components/query-state";
import { ResourceTable } from "@/components/resource-table/resource-table";
import { YesNo } from "@/components/yes-no";
import { type DepartmentPageQuery, DepartmentPageDocument } from "@/features/department/api/department.generated";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";

const m = messages.department;
const PAGE = 20;

type Department = NonNullable<DepartmentPageQuery["department"]>;
type OwnSystem = Department["systems"][number];
type OwnCatalog = Department["catalogs"][number];

export function DepartmentPage({ code }: { code: string }) {
  const labels = useLabels();
  const { data, error, loading, fetchMore } = useQuery(DepartmentPageDocument, { variables: { code, first: PAGE }, notifyOnNetworkStatusChange: true });
  if (error) return <QueryError error={error} />;
  if (!data) return <Loading />;
  const d = data.department;
  if (!d) return <NotFound what={fill(m.notFound, { code })} />;
  const systemColumns: ColumnsType<OwnSystem> = [
    { title: m.systemName, key: "name", render: (_: unknown, s) => <Link to={paths.system(s.code)}>{s.name}</Link> },
    { title: m.systemHosting, dataIndex: "hosting", key: "hosting", render: (v: string) => labels.enumLabel("Hosting", v) },
    { title: m.systemNetwork, dataIndex: "network", key: "network", render: (v: string) => labels.enumLabel("Network", v) },
    { title: m.systemProtection, dataIndex: "protectionLevel", key: "protectionLevel" },
    { title: m.systemStatus, dataIndex: "status", key: "status", render: (v: string) => labels.enumLabel("SystemStatus", v) },
  ];
  const catalogColumns: ColumnsType<OwnCatalog> = [
    { title: m.catalogName, key: "name", render: (_: unknown, c) => <Link to={paths.catalog(c.code)}>{c.name}</Link> },
    { title: m.catalogKind, dataIndex: "kind", key: "kind", render: (v: string) => labels.enumLabel("CatalogKind", v) },
    { title: m.catalogResources, dataIndex: "resourceCount", key: "resourceCount", align: "right" },
  ];
  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <div>
        <Typography.Text type="secondary">{m.kindLabel}</Typography.Text>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          {d.name}
        </Typography.Title>
      </div>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={m.code}>{d.code}</Descriptions.Item>
        <Descriptions.Item label={m.shortName}>{d.shortName ?? messages.common.none}</Descriptions.Item>
        <Descriptions.Item label={m.kind}>{labels.enumLabel("DepartmentKind", d.kind)}</Descriptions.Item>
        <Descriptions.Item label={m.level}>{labels.enumLabel("Level", d.level)}</Descriptions.Item>
        <Descriptions.Item label={m.parent}>{d.parent ? <Link to={paths.department(d.parent.code)}>{d.parent.shortName ?? d.parent.name}</Link> : messages.common.none}</Descriptions.Item>
        <Descriptions.Item label={m.securityExempt}><YesNo value={d.securityExempt} /></Descriptions.Item>
        <Descriptions.Item label={m.duties} span={2}>
          {d.roles.length === 0 ? messages.common.none : d.roles.map((r) => <Tag key={r}>{labels.enumLabel("DepartmentRole", r)}</Tag>)}
        </Descriptions.Item>
      </Descriptions>
      <section aria-label={m.resourcesTitle}>
        <Typography.Title level={2}>{m.resourcesTitle}</Typography.Title>
        <ResourceTable page={data.resources} loading={loading} onLoadMore={(after) => void fetchMore({ variables: { after } })} />
      </section>
      <Card title={fill(m.systemsTitle, { count: d.systems.length })} size="small">
        <Table<OwnSystem> rowKey="id" size="small" columns={systemColumns} dataSource={d.systems} pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: m.noSystems }} />
      </Card>
      <Card title={fill(m.catalogsTitle, { count: d.catalogs.length })} size="small">
        <Table<OwnCatalog> rowKey="id" size="small" columns={catalogColumns} dataSource={d.catalogs} pagination={false} locale={{ emptyText: m.noCatalogs }} />
      </Card>
    </Space>
  );
}
