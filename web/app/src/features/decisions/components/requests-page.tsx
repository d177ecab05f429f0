/*
 * 共享申请 (/requests): a department's own requests and their states, and the requests addressed to
 * it (its resources), with who asks and the working days left for the reply (Art.20).
 */
import { useQuery } from "@apollo/client/react";
import { Button, Card, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link } from "react-router";

import { QueryError } from "@/components/query-state";
import { DepartmentUsesDocument, type UseSummaryFragment } from "@/features/decisions/api/decisions.generated";
import { DataDemandForm } from "@/features/decisions/components/consumer-form";
import { DaysLeft } from "@/features/decisions/components/days-left";
import { statusColour } from "@/features/decisions/lib/colours";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";

const m = messages.decisions.requests;

function UseTable({ title, requester, provider, empty }: { title: string; requester?: string; provider?: string; empty: string }) {
  const labels = useLabels();
  const { data, error, loading, fetchMore } = useQuery(DepartmentUsesDocument, { variables: { requester, provider }, fetchPolicy: "cache-and-network", notifyOnNetworkStatusChange: true });
  const page = data?.uses;
  const columns: ColumnsType<UseSummaryFragment> = [
    { title: m.id, key: "id", render: (_: unknown, u) => <Link to={paths.use(u.useId)}>{u.useId}</Link> },
    { title: m.resource, key: "resource", render: (_: unknown, u) => u.resource?.name ?? messages.common.none },
    { title: provider ? m.requester : m.provider, key: "other", render: (_: unknown, u) => (provider ? (u.consumer ? `${u.consumer.name} · ${u.consumer.actsFor?.shortName ?? u.consumer.actsFor?.name ?? ""}` : messages.common.none) : (u.resource?.provider?.shortName ?? u.resource?.provider?.name ?? messages.common.none)) },
    { title: m.purpose, dataIndex: "purpose", key: "purpose" },
    { title: m.status, key: "status", render: (_: unknown, u) => <Tag color={statusColour(u.status)}>{labels.enumLabel("UseStatus", u.status)}</Tag> },
    { title: m.requestedAt, dataIndex: "requestedAt", key: "requestedAt" },
    { title: m.reply, key: "reply", render: (_: unknown, u) => <DaysLeft days={u.replyWorkingDaysLeft} due={u.replyDue} /> },
  ];
  return (
    <Card title={fill(title, { count: page?.totalCount ?? 0 })} size="small">
      {error && <QueryError error={error} />}
      <Table<UseSummaryFragment> rowKey="id" size="small" loading={loading} columns={columns} dataSource={page?.edges.map((e) => e.node) ?? []} pagination={false} locale={{ emptyText: empty }} />
      {page?.pageInfo.hasNextPage && (
        <Button style={{ marginTop: 12 }} loading={loading} onClick={() => void fetchMore({ variables: { after: page.pageInfo.endCursor } })}>
          {m.loadMore}
        </Button>
      )}
    </Card>
  );
}

export function RequestsPage({ department }: { department: string }) {
  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <div>
        <Typography.Title level={1}>{m.title}</Typography.Title>
        <Typography.Paragraph>{m.intro}</Typography.Paragraph>
      </div>
      <UseTable title={m.mine} requester={department} empty={m.noMine} />
      <UseTable title={m.incoming} provider={department} empty={m.noIncoming} />
      <DataDemandForm department={department} />
    </Space>
  );
}
