/*
 * 申请使用 (/resources/<code>/request): a department asks to use another's resource for one of its
 * consumers (Art.19–20, Art.24). Every field is checked before sending and every bad one is shown at
 * once; the server's own objections go next to the field they name. The answer is shown at once:
 * granted (Art.19), refused with its legal basis (Art.18), or negotiating with the reply's due date.
 */
import { useMutation, useQuery } from "@apollo/client/react";
import { Alert, Button, Card, Descriptions, Form, Input, Result, Select, Space, Typography } from "antd";
import { useState } from "react";
import { Link, useNavigate } from "react-router";

import { EnumTag } from "@/components/enum-tag";
import { Loading, NotFound, QueryError, describeError } from "@/components/query-state";
import { RequestUseDocument, RequestUseFormDocument, type RequestUseMutation } from "@/features/decisions/api/decisions.generated";
import { MAX_LONG_TEXT, MAX_TEXT } from "@/features/decisions/lib/limits";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";
import { placeUserErrors, type UserError } from "@/lib/user-errors";

const m = messages.decisions.request;
const FIELDS = ["consumer", "purpose", "dutyBasis", "items", "via"] as const;

type Values = { consumer?: string; purpose?: string; dutyBasis?: string; items?: string[]; via?: string };
type Answer = NonNullable<RequestUseMutation["requestUse"]["result"]>;

function Outcome({ use, onAgain }: { use: Answer; onAgain: () => void }) {
  const labels = useLabels();
  const navigate = useNavigate();
  const status = use.status;
  const title = status === "GRANTED" ? m.granted : status === "DENIED" ? m.denied : fill(m.negotiating, { due: use.replyDue ?? messages.common.none, days: use.replyWorkingDaysLeft ?? 0 });
  return (
    <Result
      status={status === "GRANTED" ? "success" : status === "DENIED" ? "error" : "info"}
      title={title}
      subTitle={
        <Space direction="vertical">
          <span>{fill(m.recorded, { id: use.useId, status: labels.enumLabel("UseStatus", status) })}</span>
          {use.decisionReason && <span>{fill(m.reason, { reason: use.decisionReason })}</span>}
        </Space>
      }
      extra={[
        <Button type="primary" key="open" onClick={() => void navigate(paths.use(use.useId))}>
          {m.openUse}
        </Button>,
        <Button key="again" onClick={onAgain}>
          {m.again}
        </Button>,
      ]}
    />
  );
}

export function RequestUsePage({ code, department }: { code: string; department: string }) {
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<UserError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const { data, error, loading } = useQuery(RequestUseFormDocument, { variables: { code, department } });
  const [requestUse, sending] = useMutation(RequestUseDocument, { refetchQueries: ["AwaitingMe", "DepartmentUses"] });
  if (error) return <QueryError error={error} />;
  if (loading || !data) return <Loading />;
  const resource = data.resource;
  if (!resource) return <NotFound what={fill(messages.resource.notFound, { code })} />;
  const consumers = data.consumers.edges.map((e) => e.node);
  const systems = data.systems.edges.map((e) => e.node);
  const itemsHidden = resource.items.length === 0 && resource.shareType !== "UNCONDITIONAL";

  const submit = async (values: Values) => {
    setProblems([]);
    setFailure(null);
    try {
      const result = await requestUse({
        variables: {
          consumer: values.consumer ?? "", resource: resource.code, purpose: values.purpose ?? "", dutyBasis: values.dutyBasis ?? "",
          items: values.items?.length ? values.items : null, via: values.via ?? null,
        },
      });
      const payload = result.data?.requestUse;
      if (!payload) return;
      if (payload.userErrors.length > 0) setProblems(placeUserErrors(form, payload.userErrors, FIELDS));
      else if (payload.result) setAnswer(payload.result);
    } catch (e) {
      setFailure(e); // the form keeps what was typed
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <div>
        <Typography.Text type="secondary">{m.kind}</Typography.Text>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          {fill(m.title, { name: resource.name })}
        </Typography.Title>
        <Link to={paths.resource(resource.code)}>{m.back}</Link>
      </div>
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={messages.resource.code}>{resource.code}</Descriptions.Item>
        <Descriptions.Item label={messages.resource.provider}>{resource.provider?.name ?? messages.common.none}</Descriptions.Item>
        <Descriptions.Item label={messages.resource.shareType}>
          <EnumTag name="ShareType" value={resource.shareType} />
        </Descriptions.Item>
        <Descriptions.Item label={messages.resource.shareCondition}>{resource.shareCondition ?? messages.common.none}</Descriptions.Item>
      </Descriptions>
      {answer ? (
        <Outcome use={answer} onAgain={() => setAnswer(null)} />
      ) : !resource.viewerCan.requestUse ? (
        <Alert type="warning" showIcon title={m.notAllowed} />
      ) : (
        <Card title={m.formTitle} size="small">
          {problems.length > 0 && (
            <Alert type="error" showIcon role="alert" title={m.refused} description={problems.map((p) => <div key={p.message}>{p.message}</div>)} style={{ marginBottom: 16 }} />
          )}
          {failure !== null && <Alert type="error" showIcon role="alert" title={m.failed} description={describeError(failure)} style={{ marginBottom: 16 }} />}
          <Form<Values>
            form={form}
            layout="vertical"
            requiredMark
            scrollToFirstError
            initialValues={{ consumer: consumers.length === 1 ? consumers[0]?.code : undefined }}
            onFinish={(values) => void submit(values)}
          >
            <Form.Item name="consumer" label={m.consumer} extra={m.consumerHint} rules={[{ required: true, message: m.consumerRequired }]}>
              <Select
                placeholder={m.consumerPlaceholder}
                options={consumers.map((c) => ({ value: c.code, label: fill(messages.decisions.nameCode, { name: c.name, code: c.code }) }))}
                notFoundContent={m.noConsumers}
              />
            </Form.Item>
            <Form.Item
              name="purpose"
              label={m.purpose}
              extra={m.purposeHint}
              rules={[{ required: true, whitespace: true, message: m.purposeRequired }, { max: MAX_TEXT, message: fill(m.tooLong, { max: MAX_TEXT }) }]}
            >
              <Input.TextArea rows={2} showCount maxLength={MAX_TEXT + 1} />
            </Form.Item>
            <Form.Item
              name="dutyBasis"
              label={m.dutyBasis}
              extra={m.dutyBasisHint}
              rules={[{ required: true, whitespace: true, message: m.dutyBasisRequired }, { max: MAX_LONG_TEXT, message: fill(m.tooLong, { max: MAX_LONG_TEXT }) }]}
            >
              <Input.TextArea rows={2} showCount maxLength={MAX_LONG_TEXT + 1} />
            </Form.Item>
            <Form.Item name="items" label={m.items} extra={itemsHidden ? fill(m.itemsHiddenHint, { count: resource.itemCount }) : m.itemsHint}>
              <Select
                mode={itemsHidden ? "tags" : "multiple"}
                allowClear
                placeholder={m.itemsPlaceholder}
                options={resource.items.map((i) => ({ value: i.name, label: i.name }))}
                tokenSeparators={itemsHidden ? messages.decisions.separators : undefined}
              />
            </Form.Item>
            <Form.Item name="via" label={m.via} extra={m.viaHint}>
              <Select allowClear placeholder={m.viaPlaceholder} options={systems.map((s) => ({ value: s.code, label: fill(messages.decisions.nameCode, { name: s.name, code: s.code }) }))} notFoundContent={m.noSystems} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={sending.loading}>
              {m.submit}
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}
