/*
 * 审计记录 (/audit): the EIC reads every act on record, refused ones included, oldest first (Art.33);
 * narrowed to one record (e.g. Use:USE-…) or one act. Others are told the trail is the EIC's.
 */
import { useQuery } from "@apollo/client/react";
import { Alert, Button, Form, Input, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";

import { QueryError } from "@/components/query-state";
import { AuditTrailDocument, type AuditTrailQuery } from "@/features/decisions/api/decisions.generated";
import { GREEN, RED } from "@/features/decisions/lib/colours";
import { chinaTime } from "@/features/decisions/lib/time";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";

const m = messages.decisions.audit;
type Event = AuditTrailQuery["auditEvents"]["edges"][number]["node"];
type Filter = { subject?: string; action?: string };

export function AuditPage({ eic }: { eic: boolean }) {
  const labels = useLabels();
  const [filter, setFilter] = useState<Filter>({});
  const { data, error, loading, fetchMore } = useQuery(AuditTrailDocument, {
    variables: { subject: filter.subject?.trim() || null, action: filter.action?.trim() || null }, skip: !eic, fetchPolicy: "network-only", notifyOnNetworkStatusChange: true,
  });
  const page = data?.auditEvents;
  const acts = messages.decisions.use.actions as Record<string, string>;
  const columns: ColumnsType<Event> = [
    { title: m.at, key: "at", render: (_: unknown, e) => chinaTime(e.at) },
    { title: m.principal, key: "principal", render: (_: unknown, e) => `${e.principal}${e.department ? ` · ${e.department}` : ""}` },
    { title: m.roles, key: "roles", render: (_: unknown, e) => e.roles.map((r) => <Tag key={r}>{labels.roleLabel(r)}</Tag>) },
    { title: m.action, key: "action", render: (_: unknown, e) => (acts[e.action] ? fill(messages.decisions.nameCode, { name: acts[e.action] ?? "", code: e.action }) : e.action) },
    { title: m.subject, dataIndex: "subject", key: "subject" },
    { title: m.outcome, key: "outcome", render: (_: unknown, e) => <Tag color={e.outcome === "OK" ? GREEN : RED}>{e.outcome === "OK" ? m.ok : fill(m.refused, { code: e.outcome })}</Tag> },
  ];
  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <div>
        <Typography.Title level={1}>{m.title}</Typography.Title>
        <Typography.Paragraph>{m.intro}</Typography.Paragraph>
      </div>
      {!eic ? (
        <Alert type="info" showIcon title={m.eicOnly} />
      ) : (
        <>
          <Form<Filter> layout="inline" onFinish={setFilter}>
            <Form.Item name="subject" label={m.subjectFilter}>
              <Input placeholder={m.subjectPlaceholder} allowClear />
            </Form.Item>
            <Form.Item name="action" label={m.actionFilter}>
              <Input placeholder={m.actionPlaceholder} allowClear />
            </Form.Item>
            <Button htmlType="submit">{m.apply}</Button>
          </Form>
          {error && <QueryError error={error} />}
          <Typography.Text>{fill(m.count, { count: page?.totalCount ?? 0 })}</Typography.Text>
          <Table<Event> rowKey="id" size="small" loading={loading} columns={columns} dataSource={page?.edges.map((e) => e.node) ?? []} pagination={false} locale={{ emptyText: m.empty }} />
          {page?.pageInfo.hasNextPage && (
            <Button loading={loading} onClick={() => void fetchMore({ variables: { after: page.pageInfo.endCursor } })}>
              {m.loadMore}
            </Button>
          )}
        </>
      )}
    </Space>
  );
}
