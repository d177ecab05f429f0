/*
 * Search: what matches the text across departments, systems, catalogs, resources and consumers
 * (the `search` query), and the matching resources as a paged table (`resources(filter: {text})`).
 */
import { useQuery } from "@apollo/client/react";
import { Card, List, Space, Tag, Typography } from "antd";
import { Link, useSearchParams } from "react-router";

import { NotFound, QueryError } from "@/components/query-state";
import { ResourceTable } from "@/components/resource-table/resource-table";
import { type SearchQuery, SearchDocument, SearchResourcesDocument } from "@/features/search/api/search.generated";
import { SearchBox } from "@/features/search/components/search-box";
import { cleanQuery } from "@/features/search/query-text";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";

const m = messages.search;
const PAGE = 20;

type Hit = SearchQuery["search"]["nodes"][number];

function hitLink(hit: Hit): string | null {
  switch (hit.__typename) {
    case "Resource":
      return paths.resource(hit.code);
    case "Department":
      return paths.department(hit.code);
    case "System":
      return paths.system(hit.code);
    case "Catalog":
      return paths.catalog(hit.code);
    default:
      return null;
  }
}

function HitRow({ hit }: { hit: Hit }) {
  const labels = useLabels();
  if (!("code" in hit)) return null;
  const kinds: Record<string, string> = m.kinds;
  const link = hitLink(hit);
  const title = hit.__typename === "Department" && hit.shortName ? fill(messages.common.nameWithFull, { short: hit.shortName, full: hit.name }) : hit.name;
  return (
    <List.Item>
      <Space wrap>
        <Tag>{kinds[hit.__typename] ?? hit.__typename}</Tag>
        {link ? <Link to={link}>{title}</Link> : <span>{title}</span>}
        <Typography.Text type="secondary" code>
          {hit.code}
        </Typography.Text>
        {hit.__typename === "Catalog" && <Tag color="blue">{labels.enumLabel("CatalogKind", hit.kind)}</Tag>}
        {hit.__typename === "Resource" && <Tag>{labels.enumLabel("ShareType", hit.shareType)}</Tag>}
      </Space>
    </List.Item>
  );
}

export function SearchPage() {
  const [params] = useSearchParams();
  const cleaned = cleanQuery(params.get("q") ?? "");
  const text = cleaned.ok ? cleaned.text : "";
  const skip = !cleaned.ok;
  const all = useQuery(SearchDocument, { variables: { text, first: PAGE }, skip });
  const resources = useQuery(SearchResourcesDocument, { variables: { text, first: PAGE }, skip, notifyOnNetworkStatusChange: true });
  const page = resources.data?.resources;

  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <Typography.Title level={1}>{m.title}</Typography.Title>
      <SearchBox key={text} initial={text} size="large" />
      {!skip && all.error && <QueryError error={all.error} />}
      {!skip && all.data && (
        <Card title={fill(m.matches, { text, count: all.data.search.totalCount })}>
          {all.data.search.totalCount === 0 ? (
            <NotFound what={fill(m.nothing, { text })} />
          ) : (
            <List dataSource={all.data.search.nodes} renderItem={(hit) => <HitRow hit={hit} />} rowKey="id" size="small" />
          )}
          {all.data.search.totalCount > all.data.search.nodes.length && (
            <Typography.Text type="secondary">{fill(m.moreMatches, { shown: all.data.search.nodes.length })}</Typography.Text>
          )}
        </Card>
      )}
      {!skip && resources.error && <QueryError error={resources.error} />}
      {!skip && (
        <section aria-label={m.resourcesTitle}>
          <Typography.Title level={2}>{m.resourcesTitle}</Typography.Title>
          <ResourceTable page={page} loading={resources.loading} onLoadMore={(after) => void resources.fetchMore({ variables: { after } })} />
        </section>
      )}
    </Space>
  );
}
