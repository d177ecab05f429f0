/*
 * A short form sent for one of the department's consumers: report an error in a resource (纠错,
 * Art.25: to its provider, copied to the EIC) or raise a demand for data no catalog has (Art.20).
 * Every bad field at once; the server's objections next to their field; nothing typed is lost.
 */
import { useMutation, useQuery } from "@apollo/client/react";
import { Alert, Button, Card, Form, Input, Select } from "antd";
import { useState } from "react";

import { QueryError, describeError } from "@/components/query-state";
import { DepartmentConsumersDocument, RaiseDataDemandDocument, ReportDataErrorDocument } from "@/features/decisions/api/decisions.generated";
import { MAX_LONG_TEXT } from "@/features/decisions/lib/limits";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { placeUserErrors, type UserError } from "@/lib/user-errors";

const m = messages.decisions.forms;
type Values = { consumer?: string; description?: string; items?: string[] };
type Outcome = { userErrors: readonly UserError[]; result?: { status: string; id: string } | null } | null | undefined;

function ConsumerForm({ title, department, items, descriptionLabel, descriptionHint, submitLabel, statusEnum, send }: {
  title: string; department: string; items: boolean; descriptionLabel: string; descriptionHint: string; submitLabel: string;
  statusEnum: "ErrorReportStatus" | "DemandStatus"; send: (values: Values) => Promise<Outcome>;
}) {
  const labels = useLabels();
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<UserError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { data, error } = useQuery(DepartmentConsumersDocument, { variables: { department } });
  const consumers = data?.consumers.edges.map((e) => e.node) ?? [];
  const submit = async (values: Values) => {
    setProblems([]);
    setFailure(null);
    setDone(null);
    setBusy(true);
    try {
      const payload = await send(values);
      if (!payload) return;
      if (payload.userErrors.length > 0) setProblems(placeUserErrors(form, payload.userErrors, ["consumer", "description", "items"]));
      else if (payload.result) {
        setDone(fill(m.done, { status: labels.enumLabel(statusEnum, payload.result.status) }));
        form.resetFields();
      }
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={title} size="small">
      {error && <QueryError error={error} />}
      {done && <Alert type="success" showIcon role="status" style={{ marginBottom: 16 }} title={done} />}
      {problems.length > 0 && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={m.refused} description={problems.map((p) => <div key={p.message}>{p.message}</div>)} />}
      {failure !== null && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={m.failed} description={describeError(failure)} />}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="consumer" label={m.consumer} rules={[{ required: true, message: m.consumerRequired }]}>
          <Select placeholder={m.consumerPlaceholder} options={consumers.map((c) => ({ value: c.code, label: fill(messages.decisions.nameCode, { name: c.name, code: c.code }) }))} />
        </Form.Item>
        <Form.Item name="description" label={descriptionLabel} extra={descriptionHint} rules={[{ required: true, whitespace: true, message: fill(m.required, { field: descriptionLabel }) }, { max: MAX_LONG_TEXT, message: fill(m.tooLong, { max: MAX_LONG_TEXT }) }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        {items && (
          <Form.Item name="items" label={m.items} extra={m.itemsHint}>
            <Select mode="tags" allowClear tokenSeparators={messages.decisions.separators} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={busy}>{submitLabel}</Button>
      </Form>
    </Card>
  );
}

/** 纠错: report an error in `resource` to its provider, copied to the EIC (Art.25). */
export function ReportErrorForm({ department, resource }: { department: string; resource: string }) {
  const [report] = useMutation(ReportDataErrorDocument, { refetchQueries: ["AwaitingMe"] });
  return (
    <ConsumerForm
      title={m.reportTitle} department={department} items descriptionLabel={m.errorDescription} descriptionHint={m.errorDescriptionHint}
      submitLabel={m.reportSubmit} statusEnum="ErrorReportStatus"
      send={async (v) => (await report({ variables: { consumer: v.consumer ?? "", resource, description: v.description ?? "", items: v.items?.length ? v.items : null } })).data?.reportDataError}
    />
  );
}

/** 数据需求: ask the EIC for data no catalog has (Art.20). */
export function DataDemandForm({ department }: { department: string }) {
  const [raise] = useMutation(RaiseDataDemandDocument, { refetchQueries: ["AwaitingMe"] });
  return (
    <ConsumerForm
      title={m.demandTitle} department={department} items={false} descriptionLabel={m.demandDescription} descriptionHint={m.demandDescriptionHint}
      submitLabel={m.demandSubmit} statusEnum="DemandStatus"
      send={async (v) => (await raise({ variables: { consumer: v.consumer ?? "", description: v.description ?? "" } })).data?.raiseDataDemand}
    />
  );
}
