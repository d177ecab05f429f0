/* What a system's move touches: the resources it holds and derived from them, uses, and the consumers to notify (Art.24–25, Art.28). */
import { useQuery } from "@apollo/client/react";
import { Descriptions, List, Space, Typography } from "antd";
import { Link } from "react-router";

import { Loading, QueryError } from "@/components/query-state";
import { DeskMoveImpactDocument } from "@/features/eic/api/migration.generated";
import { fill, messages } from "@/lib/i18n";
import { paths } from "@/lib/paths";

const m = messages.eic.impact;

export function MoveImpactDrawer({ system }: { system: string }) {
  const { data, error, loading } = useQuery(DeskMoveImpactDocument, { variables: { system } });
  if (error) return <QueryError error={error} />;
  if (loading || !data) return <Loading />;
  const i = data.moveImpact;
  const consumers = i.consumers.flatMap((c) => ("code" in c ? [c] : []));
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Descriptions size="small" bordered column={1}>
        <Descriptions.Item label={m.held}>{i.counts.held}</Descriptions.Item>
        <Descriptions.Item label={m.derived}>{i.counts.derived}</Descriptions.Item>
        <Descriptions.Item label={m.uses}>{i.counts.uses}</Descriptions.Item>
        <Descriptions.Item label={m.consumers}>{i.counts.consumers}</Descriptions.Item>
        <Descriptions.Item label={m.citations}>{i.counts.citations}</Descriptions.Item>
      </Descriptions>
      {i.hidden > 0 && <Typography.Text type="secondary">{fill(m.hidden, { count: i.hidden })}</Typography.Text>}
      {i.truncated && <Typography.Text type="warning">{m.truncated}</Typography.Text>}
      <Typography.Title level={3}>{m.heldTitle}</Typography.Title>
      <List size="small" dataSource={i.held} rowKey="id" renderItem={(r) => <List.Item><Link to={paths.resource(r.code)}>{fill(messages.common.nameWithCode, { name: r.name, code: r.code })}</Link></List.Item>} />
      <Typography.Title level={3}>{m.notifyTitle}</Typography.Title>
      <List size="small" dataSource={consumers} rowKey="id" locale={{ emptyText: m.noConsumers }} renderItem={(c) => <List.Item>{fill(messages.common.nameWithCode, { name: c.name, code: c.code })}</List.Item>} />
    </Space>
  );
}
