/*
 * Search: ranked matches across resources, their items, catalogs, departments, systems and consumers
 * (the API's `search`: best matches first, a page at a time), narrowed by facets whose counts the
 * API gives under the other filters. The text and the filters live in the URL, so a search can be
 * shared, reloaded and gone back to.
 */
import { useQuery } from "@apollo/client/react";
import { Button, Card, Checkbox, Col, List, Row, Space, Tag, Typography } from "antd";
import { Link, useSearchParams } from "react-router";

import { NotFound, QueryError } from "@/components/query-state";
import { type SearchQuery, SearchDocument } from "@/features/search/api/search.generated";
import { SearchBox } from "@/features/search/components/search-box";
import { cleanQuery } from "@/features/search/query-text";
import type { SearchFilter } from "@/generated/types";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";

const m = messages.search;
const PAGE = 20;

type Hit = SearchQuery["search"]["edges"][number];
type Facets = SearchQuery["search"]["facets"];
type FacetName = Exclude<keyof Facets, "__typename">;
const FACETS: FacetName[] = ["kind", "department", "catalogKind", "shareType", "openType", "updateCycle"];
// The URL parameter of each facet, and how its values go into the API's filter.
const KIND_VALUES: Record<string, NonNullable<SearchFilter["kinds"]>[number]> = {
  Resource: "RESOURCE", DataItem: "DATA_ITEM", Catalog: "CATALOG", Department: "DEPARTMENT", System: "SYSTEM", Consumer: "CONSUMER",
};

function filterOf(params: URLSearchParams): SearchFilter {
  const values = (name: FacetName) => params.getAll(name);
  const filter: SearchFilter = {};
  const kinds = values("kind").flatMap((k) => (KIND_VALUES[k] ? [KIND_VALUES[k]] : []));
  if (kinds.length) filter.kinds = kinds;
  if (values("department").length) filter.department = values("department");
  if (values("catalogKind").length) filter.catalogKind = values("catalogKind") as SearchFilter["catalogKind"];
  if (values("shareType").length) filter.shareType = values("shareType") as SearchFilter["shareType"];
  if (values("openType").length) filter.openType = values("openType") as SearchFilter["openType"];
  if (values("updateCycle").length) filter.updateCycle = values("updateCycle") as SearchFilter["updateCycle"];
  return filter;
}

function hitLink(node: Hit["node"]): string | null {
  switch (node.__typename) {
    case "Resource":
      return paths.resource(node.code);
    case "DataItem":
      return paths.resource(node.code.split("#")[0] ?? node.code);
    case "Department":
      return paths.department(node.code);
    case "System":
      return paths.system(node.code);
    case "Catalog":
      return paths.catalog(node.code);
    default:
      return null;
  }
}

function HitRow({ hit }: { hit: Hit }) {
  const labels = useLabels();
  const node = hit.node;
  if (!("code" in node)) return null;
  const link = hitLink(node);
  const title = node.__typename === "Department" && node.shortName ? fill(messages.common.nameWithFull, { short: node.shortName, full: node.name }) : node.name;
  return (
    <List.Item>
      <Space wrap>
        <Tag>{labels.kindLabel(node.__typename)}</Tag>
        {link ? <Link to={link}>{title}</Link> : <span>{title}</span>}
        <Typography.Text type="secondary" code>
          {node.code}
        </Typography.Text>
        {node.__typename === "Catalog" && <Tag color="blue">{labels.enumLabel("CatalogKind", node.kind)}</Tag>}
        {node.__typename === "Resource" && <Tag>{labels.enumLabel("ShareType", node.shareType)}</Tag>}
        {node.__typename === "Resource" && node.provider && <Typography.Text type="secondary">{node.provider.shortName ?? node.provider.name}</Typography.Text>}
        {node.__typename === "DataItem" && <Typography.Text type="secondary">{fill(m.itemOf, { code: node.code.split("#")[0] ?? "" })}</Typography.Text>}
        <Tag bordered={false}>{labels.enumLabel("MatchTier", hit.match)}</Tag>
      </Space>
    </List.Item>
  );
}

function FacetGroup({ name, facets, params, onChange }: { name: FacetName; facets: Facets; params: URLSearchParams; onChange: (name: FacetName, values: string[]) => void }) {
  const values = facets[name];
  if (values.length === 0) return null;
  const chosen = params.getAll(name);
  const titles: Record<FacetName, string> = m.facets;
  return (
    <fieldset className="gg-facet">
      <legend>{titles[name]}</legend>
      <Checkbox.Group
        value={chosen}
        onChange={(checked) => onChange(name, checked.map(String))}
        options={values.map((v) => ({ value: v.value, label: fill(m.facetValue, { label: v.label, count: v.count }) }))}
        style={{ display: "flex", flexDirection: "column", gap: 4 }}
      />
    </fieldset>
  );
}

export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const cleaned = cleanQuery(params.get("q") ?? "");
  const text = cleaned.ok ? cleaned.text : "";
  const skip = !cleaned.ok;
  const filter = filterOf(params);
  const result = useQuery(SearchDocument, { variables: { text, first: PAGE, filter }, skip, notifyOnNetworkStatusChange: true });
  const found = result.data?.search;

  function choose(name: FacetName, values: string[]) {
    const next = new URLSearchParams(params);
    next.delete(name);
    for (const value of values) next.append(name, value);
    setParams(next);
  }

  function clear() {
    setParams(new URLSearchParams({ q: text }));
  }

  const filtered = FACETS.some((f) => params.getAll(f).length > 0);
  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <Typography.Title level={1}>{m.title}</Typography.Title>
      <SearchBox key={text} initial={text} size="large" />
      {!skip && result.error && <QueryError error={result.error} />}
      {!skip && found && (
        <Row gutter={[24, 24]}>
          <Col xs={24} md={7}>
            <Card title={m.facetsTitle} size="small" extra={filtered ? <Button size="small" type="link" onClick={clear}>{m.clearFilters}</Button> : null}>
              <nav aria-label={m.facetsLabel}>
                {FACETS.map((name) => (
                  <FacetGroup key={name} name={name} facets={found.facets} params={params} onChange={choose} />
                ))}
              </nav>
            </Card>
          </Col>
          <Col xs={24} md={17}>
            <Card title={fill(m.matches, { text, count: found.totalCount })}>
              {found.totalCount === 0 ? (
                <NotFound what={fill(m.nothing, { text })} />
              ) : (
                <section aria-label={m.resultsLabel}>
                  <List dataSource={found.edges} renderItem={(hit) => <HitRow hit={hit} />} rowKey={(hit) => hit.node.id} size="small" />
                  <Space>
                    <Typography.Text type="secondary">{fill(m.shown, { shown: found.edges.length, total: found.totalCount })}</Typography.Text>
                    {found.pageInfo.hasNextPage && (
                      <Button loading={result.loading} onClick={() => void result.fetchMore({ variables: { after: found.pageInfo.endCursor } })}>
                        {m.loadMore}
                      </Button>
                    )}
                  </Space>
                </section>
              )}
            </Card>
          </Col>
        </Row>
      )}
    </Space>
  );
}
