/*
 * The catalogs derived from the resources' attributes (Art.10): the share catalog (共享目录), by share
 * type, for departments; the open catalog (开放目录), by open type, for everyone, the public included.
 * One page for both: a table that sorts by any column, filters by type and text, and loads page
 * after page.
 */
import { useQuery } from "@apollo/client/react";
import { Input, Segmented, Space, Typography } from "antd";
import { useState } from "react";

import { QueryError } from "@/components/query-state";
import { ResourceTable } from "@/components/resource-table/resource-table";
import { OpenCatalogDocument, ShareCatalogDocument } from "@/features/catalog/api/catalogs.generated";
import { ExportButton } from "@/features/catalog/components/export-button";
import type { ResourceFilter } from "@/generated/types";
import { messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { cleanText } from "@/lib/text";

const m = messages.catalog;
const PAGE = 50;
const MAX_FILTER_CHARS = 100;
const TYPES = ["UNCONDITIONAL", "CONDITIONAL"] as const;

type Kind = "share" | "open";

const KINDS = {
  share: { title: m.shareTitle, intro: m.shareIntro, typeLabel: m.shareType, enumName: "ShareType", filterKey: "shareType", condition: { title: m.shareCondition, key: "shareCondition" } },
  open: { title: m.openTitle, intro: m.openIntro, typeLabel: m.openType, enumName: "OpenType", filterKey: "openType", condition: { title: m.openCondition, key: "openCondition" } },
} as const;

/** The derived catalog's connection, whichever of the two it is. */
function useCatalog(kind: Kind, filter: ResourceFilter) {
  const variables = { first: PAGE, filter };
  const share = useQuery(ShareCatalogDocument, { variables, skip: kind !== "share", notifyOnNetworkStatusChange: true });
  const open = useQuery(OpenCatalogDocument, { variables, skip: kind !== "open", notifyOnNetworkStatusChange: true });
  return kind === "share"
    ? { page: share.data?.shareCatalog, error: share.error, loading: share.loading, more: (after: string) => void share.fetchMore({ variables: { after } }) }
    : { page: open.data?.openCatalog, error: open.error, loading: open.loading, more: (after: string) => void open.fetchMore({ variables: { after } }) };
}

function DerivedCatalogPage({ kind }: { kind: Kind }) {
  const labels = useLabels();
  const k = KINDS[kind];
  const [type, setType] = useState<(typeof TYPES)[number] | "ALL">("ALL");
  const [text, setText] = useState<string | null>(null);
  const filter: ResourceFilter = { ...(type === "ALL" ? {} : { [k.filterKey]: [type] }), ...(text ? { text } : {}) };
  const { page, error, loading, more } = useCatalog(kind, filter);
  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <Typography.Title level={1}>{k.title}</Typography.Title>
      <Typography.Paragraph type="secondary">{k.intro}</Typography.Paragraph>
      <Space wrap>
        <Segmented<(typeof TYPES)[number] | "ALL">
          aria-label={k.typeLabel}
          value={type}
          onChange={setType}
          options={[{ value: "ALL", label: m.all }, ...TYPES.map((v) => ({ value: v, label: labels.enumLabel(k.enumName, v) }))]}
        />
        <Input.Search allowClear placeholder={m.filterPlaceholder} aria-label={m.filterLabel} onSearch={(v) => setText(cleanText(v, MAX_FILTER_CHARS))} style={{ maxWidth: 320 }} />
        <ExportButton view={kind} filter={filter} name={k.title} total={page?.totalCount ?? null} />
      </Space>
      {error && <QueryError error={error} />}
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
