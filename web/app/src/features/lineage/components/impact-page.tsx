/*
 * Impact as a list (/impact?code=…): everything an error in a resource reaches (derived resources,
 * uses, consumers, citations, open publications), filtered (uses in force only by default; kind;
 * department; depth) and sorted by the API, exported as CSV, with the departments to notify and why
 * (Art.25–26). The filters live in the URL, so a list can be shared and reloaded.
 */
import { useQuery } from "@apollo/client/react";
import { Button, Card, Checkbox, InputNumber, List, Select, Space, Switch, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link, useSearchParams } from "react-router";

import { Loading, NotFound, QueryError } from "@/components/query-state";
import { ImpactListDocument, type ImpactListQuery } from "@/features/lineage/api/impact-list.generated";
import { download } from "@/features/lineage/model/export";
import "@/features/lineage/components/lineage.css";
import { csvOf } from "@/features/lineage/model/csv";
import type { ImpactKind, ImpactListFilter, ImpactSort } from "@/generated/types";
import { fill, messages } from "@/lib/i18n";
import { type EnumName, useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";

const m = messages.impact;
const KINDS: ImpactKind[] = ["DERIVED", "USE", "CONSUMER", "CITATION", "PUBLICATION"];
const SORTS: ImpactSort[] = ["DEPTH", "KIND", "NAME", "DEPARTMENT", "STATUS"];

type Listing = NonNullable<ImpactListQuery["impactList"]>;
type Row = Listing["rows"][number];

interface Asked {
  code: string;
  filter: ImpactListFilter;
  sort: ImpactSort;
  descending: boolean;
}

function askedOf(params: URLSearchParams): Asked {
  const kinds = params.getAll("kind").filter((k): k is ImpactKind => (KINDS as string[]).includes(k));
  const departments = params.getAll("department").filter(Boolean);
  const depth = Number.parseInt(params.get("depth") ?? "", 10);
  const sort = params.get("sort") ?? "";
  const filter: ImpactListFilter = { inForceOnly: params.get("all") !== "1" };
  if (kinds.length) filter.kinds = kinds;
  if (departments.length) filter.departments = departments;
  if (Number.isFinite(depth) && depth >= 1) filter.maxDepth = depth;
  return {
    code: (params.get("code") ?? "").trim(),
    filter,
    sort: (SORTS as string[]).includes(sort) ? (sort as ImpactSort) : "DEPTH",
    descending: params.get("desc") === "1",
  };
}

function paramsOf(asked: Asked): URLSearchParams {
  const p = new URLSearchParams({ code: asked.code });
  if (asked.filter.inForceOnly === false) p.set("all", "1");
  for (const k of asked.filter.kinds ?? []) p.append("kind", k);
  for (const d of asked.filter.departments ?? []) p.append("department", d);
  if (asked.filter.maxDepth) p.set("depth", String(asked.filter.maxDepth));
  if (asked.sort !== "DEPTH") p.set("sort", asked.sort);
  if (asked.descending) p.set("desc", "1");
  return p;
}

function Filters({ asked, listing, onChange }: { asked: Asked; listing: Listing; onChange: (next: Asked) => void }) {
  const labels = useLabels();
  const enumLabel = (name: EnumName, value: string | null | undefined) => labels.enumLabel(name, value);
  const departments = new Map<string, string>();
  for (const r of listing.rows) if (r.department) departments.set(r.department.code, r.department.shortName ?? r.department.name);
  for (const d of asked.filter.departments ?? []) if (!departments.has(d)) departments.set(d, d);
  const set = (filter: Partial<ImpactListFilter>) => onChange({ ...asked, filter: { ...asked.filter, ...filter } });
  return (
    <Space wrap size="large" role="group" aria-label={m.filtersLabel}>
      <Space>
        <Switch id="impact-in-force" checked={asked.filter.inForceOnly !== false} onChange={(on) => set({ inForceOnly: on })} />
        <label htmlFor="impact-in-force">{m.inForceOnly}</label>
      </Space>
      <Space>
        <span id="impact-kinds">{m.kinds}</span>
        <Checkbox.Group
          aria-labelledby="impact-kinds"
          value={asked.filter.kinds ?? []}
          onChange={(kinds) => set({ kinds: kinds.length ? kinds : null })}
          options={KINDS.map((k) => ({ value: k, label: enumLabel("ImpactKind", k) }))}
        />
      </Space>
      <Space>
        <label htmlFor="impact-departments">{m.departments}</label>
        <Select
          id="impact-departments"
          mode="multiple"
          allowClear
          placeholder={m.allDepartments}
          style={{ minWidth: 220 }}
          value={asked.filter.departments ?? []}
          onChange={(codes: string[]) => set({ departments: codes.length ? codes : null })}
          options={[...departments].map(([value, label]) => ({ value, label }))}
        />
      </Space>
      <Space>
        <label htmlFor="impact-depth">{m.maxDepth}</label>
        <InputNumber id="impact-depth" min={1} max={12} placeholder={m.anyDepth} value={asked.filter.maxDepth ?? null} onChange={(v) => set({ maxDepth: v ?? null })} style={{ width: 80 }} />
      </Space>
      <Space>
        <label htmlFor="impact-sort">{m.sort}</label>
        <Select id="impact-sort" value={asked.sort} style={{ width: 120 }} onChange={(sort: ImpactSort) => onChange({ ...asked, sort })} options={SORTS.map((s) => ({ value: s, label: enumLabel("ImpactSort", s) }))} />
        <Checkbox checked={asked.descending} onChange={(e) => onChange({ ...asked, descending: e.target.checked })}>
          {m.descending}
        </Checkbox>
      </Space>
    </Space>
  );
}

export function ImpactPage() {
  const [params, setParams] = useSearchParams();
  const asked = askedOf(params);
  const labels = useLabels();
  const enumLabel = (name: EnumName, value: string | null | undefined) => labels.enumLabel(name, value);
  const { data, error, loading, previousData } = useQuery(ImpactListDocument, {
    variables: { code: asked.code, filter: asked.filter, sort: asked.sort, descending: asked.descending },
    skip: !asked.code,
  });
  if (!asked.code) return <Typography.Paragraph>{m.noCode}</Typography.Paragraph>;
  if (error) return <QueryError error={error} />;
  const listing = (data ?? previousData)?.impactList;
  if (!listing) return loading ? <Loading /> : <NotFound what={fill(messages.resource.notFound, { code: asked.code })} />;

  const statusOf = (r: Row) => (r.status ? (r.kind === "USE" ? enumLabel("UseStatus", r.status) : r.status) : messages.common.none);
  const columns: ColumnsType<Row> = [
    { title: m.columns.kind, key: "kind", render: (_: unknown, r) => enumLabel("ImpactKind", r.kind) },
    { title: m.columns.name, key: "name", render: (_: unknown, r) => (r.kind === "DERIVED" || r.kind === "PUBLICATION" ? <Link to={paths.resource(r.code)}>{r.name}</Link> : r.name) },
    { title: m.columns.code, dataIndex: "code", key: "code" },
    { title: m.columns.depth, dataIndex: "depth", key: "depth" },
    { title: m.columns.department, key: "department", render: (_: unknown, r) => (r.department ? (r.department.shortName ?? r.department.name) : messages.common.none) },
    { title: m.columns.via, key: "via", render: (_: unknown, r) => (r.via ? fill(messages.common.nameWithFull, { short: r.via.name, full: r.via.code }) : messages.common.none) },
    { title: m.columns.status, key: "status", render: (_: unknown, r) => statusOf(r) },
    { title: m.columns.inForce, key: "inForce", render: (_: unknown, r) => (r.inForce === null || r.inForce === undefined ? messages.common.none : r.inForce ? messages.common.yes : messages.common.no) },
  ];
  const exportCsv = () => {
    const header = [m.columns.kind, m.columns.name, m.columns.code, m.columns.depth, m.columns.department, m.columns.via, m.columns.status, m.columns.inForce];
    const rows = listing.rows.map((r) => [
      enumLabel("ImpactKind", r.kind), r.name, r.code, String(r.depth), r.department?.name ?? "", r.via?.code ?? "", r.status ? statusOf(r) : "",
      r.inForce === null || r.inForce === undefined ? "" : r.inForce ? messages.common.yes : messages.common.no,
    ]);
    download(new Blob(["\uFEFF", csvOf([header, ...rows])], { type: "text/csv;charset=utf-8" }), fill(m.csvName, { code: asked.code.replace("/", "-") }));
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }} className="gg-page">
      <div>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          {fill(m.pageTitle, { name: listing.resource.name })}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{m.intro}</Typography.Paragraph>
        <Space wrap>
          <Link to={paths.resource(listing.resource.code)}>{listing.resource.code}</Link>
          <Link to={paths.lineage(listing.resource.code)}>{m.openLineage}</Link>
        </Space>
      </div>
      <Card size="small" title={<h2 className="gg-impact-title">{m.notifyTitle}</h2>}>
        <List
          size="small"
          dataSource={listing.notify}
          locale={{ emptyText: m.empty }}
          renderItem={(n) => (
            <List.Item>
              <Space wrap>
                <Link to={paths.department(n.department.code)} title={n.department.name}>
                  {n.department.shortName ?? n.department.name}
                </Link>
                {n.roles.map((r) => (
                  <Tag key={r}>{enumLabel("NoticeRole", r)}</Tag>
                ))}
                {n.resources.length > 0 && <Typography.Text type="secondary">{fill(m.notifyResources, { codes: n.resources.join("、") })}</Typography.Text>}
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Filters asked={asked} listing={listing} onChange={(next) => setParams(paramsOf(next))} />
      <Space wrap>
        <span role="status">{fill(m.summary, { total: listing.totalCount, filtered: listing.filteredOut })}</span>
        {listing.counts.map((c) => (
          <Tag key={c.kind}>{`${enumLabel("ImpactKind", c.kind)} ${c.count}`}</Tag>
        ))}
        <Button onClick={exportCsv}>{m.exportCsv}</Button>
      </Space>
      {listing.hidden > 0 && <Typography.Paragraph>{fill(m.hidden, { count: listing.hidden })}</Typography.Paragraph>}
      {listing.truncated && <Typography.Paragraph type="warning">{m.truncated}</Typography.Paragraph>}
      <Table<Row>
        rowKey={(r) => `${r.kind}:${r.code}`}
        size="small"
        loading={loading}
        columns={columns}
        dataSource={listing.rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: m.empty }}
        aria-label={m.tableLabel}
      />
    </Space>
  );
}
