/*
 * One use (/uses/<id>): who asks for what and why, where it stands in its state machine, its whole
 * history (who, role, when in China time, from which state to which, why), and the acts the signed-in
 * person may take now (viewerCan): grant with a scope or refuse with a reason (Art.20), escalate
 * (Art.20), revoke a grant; and for a granted use, the citation check (Art.24–25).
 */
import { useQuery } from "@apollo/client/react";
import { Alert, Button, Card, Descriptions, Space, Steps, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { Link } from "react-router";

import { Loading, NotFound, QueryError } from "@/components/query-state";
import { YesNo } from "@/components/yes-no";
import { UsePageDocument, type UseDetailFragment } from "@/features/decisions/api/decisions.generated";
import { CitationCheck } from "@/features/decisions/components/citation-check";
import { DaysLeft } from "@/features/decisions/components/days-left";
import { UseActs } from "@/features/decisions/components/use-acts";
import { statusColour } from "@/features/decisions/lib/colours";
import { chinaTime } from "@/features/decisions/lib/time";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";

const m = messages.decisions.use;
type Line = UseDetailFragment["history"][number];

/** Where the use stands: request → provider's reply → (EIC → leading group) → decision (Art.19–20). */
function Stages({ use }: { use: UseDetailFragment }) {
  const labels = useLabels();
  const reached = new Set(use.history.map((h) => h.to));
  const escalated = reached.has("ESCALATED_TO_EIC");
  const referred = reached.has("ESCALATED_TO_LEADING_GROUP");
  const final = ["GRANTED", "DENIED", "REVOKED", "EXPIRED"].includes(use.status);
  const steps = [
    { title: m.stageRequested, key: "requested" },
    { title: labels.enumLabel("UseStatus", "NEGOTIATING"), key: "negotiating" },
    ...(escalated ? [{ title: labels.enumLabel("UseStatus", "ESCALATED_TO_EIC"), key: "eic" }] : []),
    ...(referred ? [{ title: labels.enumLabel("UseStatus", "ESCALATED_TO_LEADING_GROUP"), key: "lg" }] : []),
    { title: final ? labels.enumLabel("UseStatus", use.status) : m.stageDecision, key: "decision" },
  ];
  const at: Record<string, string> = { REQUESTED: "negotiating", NEGOTIATING: "negotiating", ESCALATED_TO_EIC: "eic", ESCALATED_TO_LEADING_GROUP: "lg" };
  const current = final ? steps.length - 1 : Math.max(0, steps.findIndex((s) => s.key === at[use.status]));
  const refused = use.status === "DENIED" || use.status === "REVOKED";
  return <Steps size="small" current={current} status={refused ? "error" : final ? "finish" : "process"} items={steps.map(({ title }) => ({ title }))} />;
}

function History({ lines }: { lines: Line[] }) {
  const labels = useLabels();
  const state = (v: string | null | undefined) => (v ? labels.enumLabel("UseStatus", v) : m.created);
  const columns: ColumnsType<Line> = [
    { title: m.historyAt, key: "at", render: (_: unknown, h) => chinaTime(h.at) },
    { title: m.historyBy, key: "by", render: (_: unknown, h) => `${h.by}${h.department ? ` · ${h.department}` : ""}` },
    { title: m.historyRoles, key: "roles", render: (_: unknown, h) => h.roles.map((r) => <Tag key={r}>{labels.roleLabel(r)}</Tag>) },
    { title: m.historyAction, key: "action", render: (_: unknown, h) => (m.actions as Record<string, string>)[h.action] ?? h.action },
    { title: m.historyChange, key: "change", render: (_: unknown, h) => fill(m.fromTo, { from: state(h.from), to: state(h.to) }) },
    { title: m.historyNote, key: "note", render: (_: unknown, h) => h.note ?? messages.common.none },
  ];
  return <Table<Line> rowKey={(h) => `${h.at}-${h.action}`} size="small" columns={columns} dataSource={lines} pagination={false} locale={{ emptyText: m.noHistory }} />;
}

export function UsePage({ id }: { id: string }) {
  const labels = useLabels();
  const { data, error, loading, refetch } = useQuery(UsePageDocument, { variables: { id } });
  const [notice, setNotice] = useState<string | null>(null);
  if (error) return <QueryError error={error} />;
  if (loading && !data) return <Loading />;
  const use = data?.use;
  if (!use) return <NotFound what={fill(m.notFound, { id })} />;
  const department = use.consumer?.actsFor;
  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <div>
        <Typography.Text type="secondary">{m.kind}</Typography.Text>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          {fill(m.title, { name: use.resource?.name ?? use.useId })}
        </Typography.Title>
        <Space wrap>
          <Typography.Text code>{use.useId}</Typography.Text>
          <Tag color={statusColour(use.status)}>{labels.enumLabel("UseStatus", use.status)}</Tag>
          <DaysLeft days={use.replyWorkingDaysLeft} due={use.replyDue} />
        </Space>
      </div>
      {notice && <Alert type="success" showIcon role="status" title={notice} closable onClose={() => setNotice(null)} />}
      <Card title={m.stagesTitle} size="small">
        <Stages use={use} />
      </Card>
      <UseActs use={use} onDone={(text) => setNotice(text)} onReload={() => void refetch()} />
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} title={m.detailTitle}>
        <Descriptions.Item label={m.resource}>{use.resource ? <Link to={paths.resource(use.resource.code)}>{fill(messages.decisions.nameCode, { name: use.resource.name, code: use.resource.code })}</Link> : messages.common.none}</Descriptions.Item>
        <Descriptions.Item label={m.provider}>{use.resource?.provider ? <Link to={paths.department(use.resource.provider.code)}>{use.resource.provider.shortName ?? use.resource.provider.name}</Link> : messages.common.none}</Descriptions.Item>
        <Descriptions.Item label={m.consumer}>{use.consumer ? fill(messages.decisions.nameCode, { name: use.consumer.name, code: use.consumer.code }) : messages.common.none}</Descriptions.Item>
        <Descriptions.Item label={m.department}>{department ? <Link to={paths.department(department.code)}>{department.shortName ?? department.name}</Link> : messages.common.none}</Descriptions.Item>
        <Descriptions.Item label={m.purpose}>{use.purpose}</Descriptions.Item>
        <Descriptions.Item label={m.dutyBasis}>{use.dutyBasis ?? messages.common.none}</Descriptions.Item>
        <Descriptions.Item label={m.items} span={2}>{use.items.length > 0 ? use.items.map((i) => <Tag key={i}>{i}</Tag>) : m.wholeResource}</Descriptions.Item>
        <Descriptions.Item label={m.via}>{use.via ? fill(messages.decisions.nameCode, { name: use.via.name, code: use.via.code }) : messages.common.none}</Descriptions.Item>
        <Descriptions.Item label={m.requestedAt}>{use.requestedAt}</Descriptions.Item>
        <Descriptions.Item label={m.replyDue}>{use.replyDue ?? messages.common.none}</Descriptions.Item>
        <Descriptions.Item label={m.escalateFrom}>{use.viewerCan.escalateFrom ?? messages.common.none}</Descriptions.Item>
        <Descriptions.Item label={m.grantedAt}>{use.grantedAt ?? messages.common.none}</Descriptions.Item>
        <Descriptions.Item label={m.expiresAt}>{use.expiresAt ?? messages.common.none}</Descriptions.Item>
        <Descriptions.Item label={m.citationPermitted}><YesNo value={use.citationPermitted} /></Descriptions.Item>
        <Descriptions.Item label={m.decisionReason}>{use.decisionReason ?? messages.common.none}</Descriptions.Item>
      </Descriptions>
      {use.status === "GRANTED" && use.consumer && use.resource && <CitationCheck use={use.useId} consumer={use.consumer.code} resource={use.resource.code} purpose={use.purpose} />}
      <Card title={m.historyTitle} size="small">
        <History lines={use.history} />
      </Card>
      <Button onClick={() => void refetch()}>{m.reload}</Button>
    </Space>
  );
}
