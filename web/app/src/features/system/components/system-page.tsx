/* A system's page: where it runs, who operates it, the resources it holds, and its migration verdict and why (Art.28). */
import { useQuery } from "@apollo/client/react";
import { Card, Descriptions, List, Space, Typography } from "antd";
import { Link } from "react-router";

import { Loading, NotFound, QueryError } from "@/components/query-state";
import { ResourceTable } from "@/components/resource-table/resource-table";
import { YesNo } from "@/components/yes-no";
import { SystemPageDocument } from "@/features/system/api/system.generated";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";

const m = messages.system;

export function SystemPage({ code }: { code: string }) {
  const labels = useLabels();
  const { data, error, loading } = useQuery(SystemPageDocument, { variables: { code }, errorPolicy: "all" });
  if (loading && !data) return <Loading />;
  const s = data?.system;
  if (!s) return error ? <QueryError error={error} /> : <NotFound what={fill(m.notFound, { code })} />;
  const verdict = data.migrationVerdict;
  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <div>
        <Typography.Text type="secondary">{m.kindLabel}</Typography.Text>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          {s.name}
        </Typography.Title>
      </div>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={m.code}>{s.code}</Descriptions.Item>
        <Descriptions.Item label={m.operator}>{s.operator ? <Link to={paths.department(s.operator.code)}>{s.operator.name}</Link> : messages.common.none}</Descriptions.Item>
        <Descriptions.Item label={m.hosting}>{labels.enumLabel("Hosting", s.hosting)}</Descriptions.Item>
        <Descriptions.Item label={m.hostedOn}>{s.hostedOn ? `${s.hostedOn.name} · ${labels.enumLabel("PlatformKind", s.hostedOn.kind)}` : messages.common.none}</Descriptions.Item>
        <Descriptions.Item label={m.network}>{labels.enumLabel("Network", s.network)}</Descriptions.Item>
        <Descriptions.Item label={m.protectionLevel}>{s.protectionLevel}</Descriptions.Item>
        <Descriptions.Item label={m.classified}><YesNo value={s.classified} /></Descriptions.Item>
        <Descriptions.Item label={m.status}>{labels.enumLabel("SystemStatus", s.status)}</Descriptions.Item>
        <Descriptions.Item label={m.crossDepartment}><YesNo value={s.crossDepartmentSharing} /></Descriptions.Item>
        <Descriptions.Item label={m.crossLevel}><YesNo value={s.crossLevelSharing} /></Descriptions.Item>
        <Descriptions.Item label={m.crossDomain}><YesNo value={s.crossDomainSharing} /></Descriptions.Item>
        <Descriptions.Item label={m.onIntegrationList}><YesNo value={s.onIntegrationList} /></Descriptions.Item>
        <Descriptions.Item label={m.builtAt}>{s.builtAt ?? messages.common.none}</Descriptions.Item>
      </Descriptions>
      <Card title={m.verdictTitle} size="small">
        {verdict ? (
          <Space direction="vertical" style={{ width: "100%" }}>
            <Typography.Text strong>{labels.enumLabel("MigrationVerdict", verdict.verdict)}</Typography.Text>
            {verdict.exemptingRule && <Typography.Text>{fill(m.exemptBy, { rule: labels.enumLabel("Exemption", verdict.exemptingRule) })}</Typography.Text>}
            <List size="small" dataSource={verdict.reasons} rowKey="rule" renderItem={(r) => <List.Item>{`${r.article} · ${r.message}`}</List.Item>} />
          </Space>
        ) : (
          <Typography.Text type="secondary">{m.verdictHidden}</Typography.Text>
        )}
      </Card>
      <section aria-label={m.resourcesTitle}>
        <Typography.Title level={2}>{fill(m.resourcesTitle, { count: s.resources.length })}</Typography.Title>
        <ResourceTable page={{ rows: s.resources }} loading={false} />
      </section>
    </Space>
  );
}
