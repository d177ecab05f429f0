/*
 * May this use's data be cited in a document (Art.24–25)? The server answers every reason with its
 * article and the source line the document must print (数据来源：…); the app decides nothing itself.
 * When it is allowed, the citation can be recorded.
 */
import { useLazyQuery, useMutation } from "@apollo/client/react";
import { Alert, Button, Card, Form, Input, List, Select, Space, Typography } from "antd";
import { useState } from "react";

import { QueryError } from "@/components/query-state";
import { CitationCheckDocument, RecordCitationDocument, RequestCitationPermissionDocument } from "@/features/decisions/api/decisions.generated";
import { GREEN, RED } from "@/features/decisions/lib/colours";
import { MAX_TEXT } from "@/features/decisions/lib/limits";
import type { DocumentKind } from "@/generated/types";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { placeUserErrors, type UserError } from "@/lib/user-errors";

const m = messages.decisions.citation;
const KINDS: DocumentKind[] = ["MAJOR_DECISION", "ISSUED_DOCUMENT", "OTHER"];
type Values = { documentKind?: DocumentKind; document?: string; purpose?: string };

export function CitationCheck({ use, consumer, resource, purpose }: { use: string; consumer: string; resource: string; purpose: string }) {
  const labels = useLabels();
  const [form] = Form.useForm<Values>();
  const [check, checked] = useLazyQuery(CitationCheckDocument, { fetchPolicy: "network-only" });
  const [record, recording] = useMutation(RecordCitationDocument);
  const [ask, asking] = useMutation(RequestCitationPermissionDocument);
  const [problems, setProblems] = useState<UserError[]>([]);
  const [recorded, setRecorded] = useState<string | null>(null);
  const decision = checked.data?.citationPermission;

  const run = (values: Values) => {
    setRecorded(null);
    setProblems([]);
    void check({ variables: { consumer, resource, documentKind: values.documentKind ?? "OTHER", purpose: values.purpose ?? "", document: values.document?.trim() ? values.document : null } });
  };
  const save = async () => {
    const values = form.getFieldsValue();
    const result = await record({ variables: { use, document: values.document ?? "", documentKind: values.documentKind ?? "OTHER" } });
    const payload = result.data?.recordCitation;
    if (!payload) return;
    if (payload.userErrors.length > 0) setProblems(placeUserErrors(form, payload.userErrors, ["document", "documentKind"]));
    else if (payload.result) setRecorded(fill(m.recorded, { id: payload.result.citationId, at: payload.result.citedAt ?? "" }));
  };

  const needsPermission = decision !== undefined && !decision.allowed && decision.reasons.some((r) => r.rule === "PROVIDER_PERMISSION" && !r.passed);
  const askPermission = async () => {
    const values = form.getFieldsValue();
    const result = await ask({ variables: { use, document: values.document ?? "", documentKind: values.documentKind ?? "OTHER" } });
    const payload = result.data?.requestCitationPermission;
    if (!payload) return;
    if (payload.userErrors.length > 0) setProblems(placeUserErrors(form, payload.userErrors, ["document", "documentKind"]));
    else if (payload.result) setRecorded(fill(m.asked, { status: labels.enumLabel("CitationPermission", payload.result.permission) }));
  };

  return (
    <Card title={m.title} size="small">
      <Form<Values> form={form} layout="vertical" initialValues={{ documentKind: "MAJOR_DECISION", purpose }} onFinish={run}>
        <Space wrap align="start">
          <Form.Item name="documentKind" label={m.documentKind} rules={[{ required: true, message: m.documentKindRequired }]}>
            <Select style={{ minWidth: 180 }} options={KINDS.map((k) => ({ value: k, label: labels.enumLabel("DocumentKind", k) }))} />
          </Form.Item>
          <Form.Item name="document" label={m.document} rules={[{ required: true, whitespace: true, message: m.documentRequired }, { max: MAX_TEXT, message: fill(m.tooLong, { max: MAX_TEXT }) }]}>
            <Input style={{ minWidth: 280 }} />
          </Form.Item>
          <Form.Item name="purpose" label={m.purpose} rules={[{ required: true, whitespace: true, message: m.purposeRequired }, { max: MAX_TEXT, message: fill(m.tooLong, { max: MAX_TEXT }) }]}>
            <Input style={{ minWidth: 280 }} />
          </Form.Item>
        </Space>
        <Button htmlType="submit" loading={checked.loading}>{m.check}</Button>
      </Form>
      {checked.error && <QueryError error={checked.error} />}
      {decision && (
        <div style={{ marginTop: 16 }}>
          <Alert type={decision.allowed ? "success" : "error"} showIcon role="status" title={decision.allowed ? m.allowed : m.notAllowed} />
          <List
            size="small"
            dataSource={decision.reasons}
            renderItem={(r) => (
              <List.Item>
                <Space>
                  <Typography.Text strong style={{ color: r.passed ? GREEN : RED }}>{r.passed ? m.passed : m.failed}</Typography.Text>
                  <Typography.Text>{`${r.article} · ${r.message}`}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
          <Typography.Paragraph>
            {m.attribution}
            <Typography.Text code copyable>{decision.attribution}</Typography.Text>
          </Typography.Paragraph>
          {decision.allowed && <Button type="primary" loading={recording.loading} onClick={() => void save()}>{m.record}</Button>}
          {needsPermission && <Button loading={asking.loading} onClick={() => void askPermission()}>{m.ask}</Button>}
          {problems.length > 0 && <Alert type="error" showIcon role="alert" style={{ marginTop: 12 }} title={m.refused} description={problems.map((p) => <div key={p.message}>{p.message}</div>)} />}
          {recorded && <Alert type="success" showIcon role="status" style={{ marginTop: 12 }} title={recorded} />}
        </div>
      )}
    </Card>
  );
}
