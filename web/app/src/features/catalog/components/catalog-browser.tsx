/*
 * The catalog browser: the tree of catalogs on the left, the chosen catalog's resources on the
 * right (its code is in the URL, ?catalog=…, so the view can be linked to and survives a reload).
 */
import { useQuery } from "@apollo/client/react";
import { Card, Col, Descriptions, Empty, Row, Space, Typography } from "antd";
import { useEffect } from "react";
import { Link, useSearchParams } from "react-router";

import { Loading, NotFound, QueryError } from "@/components/query-state";
import { ResourceTable } from "@/components/resource-table/resource-table";
import { CatalogResourcesDocument, CatalogTreeDocument } from "@/features/catalog/api/catalogs.generated";
import { CatalogTree } from "@/features/catalog/components/catalog-tree";
import { ExportButton } from "@/features/catalog/components/export-button";
import { messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";

const m = messages.catalog;
const PAGE = 20;

function CatalogResources({ code }: { code: string }) {
  const labels = useLabels();
  const { data, error, loading, fetchMore } = useQuery(CatalogResourcesDocument, { variables: { catalog: code, first: PAGE }, notifyOnNetworkStatusChange: true });
  if (error) return <QueryError error={error} />;
  if (!data) return <Loading />;
  const catalog = data.catalog;
  if (!catalog) return <NotFound what={code} />;
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Typography.Title level={2}>{catalog.name}</Typography.Title>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label={m.code}>{catalog.code}</Descriptions.Item>
        <Descriptions.Item label={m.kind}>{labels.enumLabel("CatalogKind", catalog.kind)}</Descriptions.Item>
        <Descriptions.Item label={m.theme}>{labels.enumLabel("CatalogTheme", catalog.theme)}</Descriptions.Item>
        <Descriptions.Item label={m.maintainer}>
          {catalog.maintainer ? <Link to={paths.department(catalog.maintainer.code)}>{catalog.maintainer.shortName ?? catalog.maintainer.name}</Link> : messages.common.none}
        </Descriptions.Item>
        <Descriptions.Item label={m.updatedAt}>{catalog.updatedAt ?? messages.common.none}</Descriptions.Item>
      </Descriptions>
      <ExportButton view="resources" filter={{ catalog: catalog.code }} name={catalog.name} total={data.resources.totalCount} />
      <ResourceTable page={data.resources} loading={loading} onLoadMore={(after) => void fetchMore({ variables: { after } })} />
    </Space>
  );
}

export function CatalogBrowser() {
  const [params, setParams] = useSearchParams();
  const selected = params.get("catalog");
  const tree = useQuery(CatalogTreeDocument);
  const connection = tree.data?.catalogs;

  // The tree needs every catalog: follow the connection to its end (a district has hundreds at most).
  useEffect(() => {
    if (connection?.pageInfo.hasNextPage && !tree.loading) void tree.fetchMore({ variables: { after: connection.pageInfo.endCursor } });
  }, [connection, tree]);

  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <Typography.Title level={1}>{m.title}</Typography.Title>
      <Typography.Paragraph type="secondary">{m.intro}</Typography.Paragraph>
      {tree.error && <QueryError error={tree.error} />}
      <Row gutter={24}>
        <Col xs={24} lg={8}>
          <Card title={m.treeTitle} size="small">
            {connection ? (
              <CatalogTree catalogs={connection.edges.map((e) => e.node)} selected={selected} onSelect={(code) => setParams({ catalog: code })} />
            ) : (
              <Loading />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          {selected ? <CatalogResources code={selected} /> : <Empty description={m.pick} />}
        </Col>
      </Row>
    </Space>
  );
}
