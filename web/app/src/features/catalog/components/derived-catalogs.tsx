/*
 * The catalogs derived from the resources' attributes (Art.10): the share catalog (共享目录), by share
 * type, for departments; the open catalog (开放目录), by open type, for everyone, the public included.
 * One page for both: facets above the table (provider, the catalog's type, update cycle, with counts
 * of what the user may see, each under the other choices), a text filter, the table (sorts by any
 * column, loads page after page) and the export of the current selection as the national template.
 */
import { useQuery } from "@apollo/client/react";
import { Button, Card, Checkbox, Input, Select, Space, Typography } from "antd";
import { useState } from "react";

import { QueryError } from "@/components/query-state";
import { ResourceTable } from "@/components/resource-table/resource-table";
import { CatalogFacetsDocument, OpenCatalogDocument, ShareCatalogDocument, type CatalogFacetsQuery } from "@/features/catalog/api/catalogs.generated";
import { ExportButton } from "@/features/catalog/components/export-button";
import type { CatalogView, OpenType, ResourceFilter, ShareType, UpdateCycle } from "@/generated/types";
import { fill, messages } from "@/lib/i18n";
import { cleanText } from "@/lib/text";

const m = messages.catalog;
const PAGE = 50;
const MAX_FILTER_CHARS = 100;

type Kind = "share" | "open";
type Facets = CatalogFacetsQuery["catalogFacets"];
type FacetValues = Facets["department"];

const KINDS = {
  share: { title: m.shareTitle, intro: m.shareIntro, typeLabel: m.shareType, typeFacet: "shareType", view: "SHARE" as CatalogView, condition: { title: m.shareCondition, key: "shareCondition" } },
  open: { title: m.openTitle, intro: m.openIntro, typeLabel: m.openType, typeFacet: "openType", view: "OPEN" as CatalogView, condition: { title: m.openCondition, key: "openCondition" } },
} as const;

/** What the user chose above the table. */
type Choice = { provider: string | null; types: string[]; cycles: string[]; text: string | null };
const NONE: Choice = { provider: null, types: [], cycles: [], text: null };

function filterOf(kind: Kind, c: Choice): ResourceFilter {
  return {
    ...(c.provider ? { provider: c.provider } : {}),
    ...(c.types.length ? (kind === "share" ? { shareType: c.types as ShareType[] } : { openType: c.types as OpenType[] }) : {}),
    ...(c.cycles.length ? { updateCycle: c.cycles as UpdateCycle[] } : {}),
    ...(c.text ? { text: c.text } : {}),
  };
}

/** The derived catalog's connection, whichever of the two it is. */
function useCatalog(kind: Kind, filter: ResourceFilter) {
  const variables = { first: PAGE, filter };
  const share = useQuery(ShareCatalogDocument, { variables, skip: kind !== "share", notifyOnNetworkStatusChange: true });
  const open = useQuery(OpenCatalogDocument, { variables, skip: kind !== "open", notifyOnNetworkStatusChange: true });
  return kind === "share"
    ? { page: share.data?.shareCatalog, error: share.error, loading: share.loading, more: (after: string) => void share.fetchMore({ variables: { after } }) }
    : { page: open.data?.openCatalog, error: open.error, loading: open.loading, more: (after: string) => void open.fetchMore({ variables: { after } }) };
}

const options = (values: FacetValues) => values.map((v) => ({ value: v.value, label: fill(m.facetValue, { label: v.label, count: v.count }) }));

function FacetChecks({ legend, values, chosen, onChange }: { legend: string; values: FacetValues; chosen: string[]; onChange: (values: string[]) => void }) {
  return (
    <fieldset className="gg-facet">
      <legend>{legend}</legend>
      <Checkbox.Group value={chosen} onChange={(checked) => onChange(checked.map(String))} options={options(values)} />
    </fieldset>
  );
}

function FacetBar({ kind, facets, choice, onChange }: { kind: Kind; facets: Facets | undefined; choice: Choice; onChange: (c: Choice) => void }) {
  const k = KINDS[kind];
  const chosen = choice.provider !== null || choice.types.length > 0 || choice.cycles.length > 0;
  return (
    <Card size="small" title={m.facetsTitle} extra={chosen ? <Button size="small" type="link" onClick={() => onChange({ ...NONE, text: choice.text })}>{m.clearFilters}</Button> : null}>
      <nav aria-label={m.facetsLabel}>
        <Space wrap align="start" size="large">
          <fieldset className="gg-facet">
            <legend id={`provider-${kind}`}>{m.provider}</legend>
            <Select
              aria-labelledby={`provider-${kind}`}
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={m.anyProvider}
              value={choice.provider}
              onChange={(value: string | undefined) => onChange({ ...choice, provider: value ?? null })}
              options={options(facets?.department ?? [])}
              style={{ minWidth: 240 }}
            />
          </fieldset>
          <FacetChecks legend={k.typeLabel} values={facets?.[k.typeFacet] ?? []} chosen={choice.types} onChange={(types) => onChange({ ...choice, types })} />
          <FacetChecks legend={m.updateCycle} values={facets?.updateCycle ?? []} chosen={choice.cycles} onChange={(cycles) => onChange({ ...choice, cycles })} />
        </Space>
      </nav>
    </Card>
  );
}

function DerivedCatalogPage({ kind }: { kind: Kind }) {
  const k = KINDS[kind];
  const [choice, setChoice] = useState<Choice>(NONE);
  const filter = filterOf(kind, choice);
  const { page, error, loading, more } = useCatalog(kind, filter);
  const facets = useQuery(CatalogFacetsDocument, { variables: { view: k.view, filter } });
  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <Typography.Title level={1}>{k.title}</Typography.Title>
      <Typography.Paragraph type="secondary">{k.intro}</Typography.Paragraph>
      <FacetBar kind={kind} facets={facets.data?.catalogFacets} choice={choice} onChange={setChoice} />
      <Space wrap>
        <Input.Search allowClear placeholder={m.filterPlaceholder} aria-label={m.filterLabel} onSearch={(v) => setChoice({ ...choice, text: cleanText(v, MAX_FILTER_CHARS) })} style={{ maxWidth: 320 }} />
        <ExportButton view={kind} filter={filter} name={k.title} total={page?.totalCount ?? null} />
      </Space>
      {(error ?? facets.error) && <QueryError error={error ?? facets.error} />}
      <ResourceTable page={page} loading={loading} onLoadMore={more} condition={k.condition} />
      {kind === "open" && <Typography.Paragraph type="secondary">{m.dcatHint}</Typography.Paragraph>}
    </Space>
  );
}

export function ShareCatalogPage() {
  return <DerivedCatalogPage kind="share" />;
}

export function OpenCatalogPage() {
  return <DerivedCatalogPage kind="open" />;
}
