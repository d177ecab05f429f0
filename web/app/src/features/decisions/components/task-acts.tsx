/*
 * The acts on the other records of 我的待办, each through its mutation (the server checks every rule):
 * permit or refuse a citation (Art.25); verify, correct or find right a reported error (Art.25–26);
 * open the data or refuse with reasons (Art.22); name the provider of demanded data, find it not
 * needed, or catalog it (Art.20). A form keeps what was typed on any error; someone acting first
 * (CONFLICT, ILLEGAL_TRANSITION) is said as 已被他人修改.
 */
import { useMutation } from "@apollo/client/react";
import { Alert, Button, Form, Input, Modal, Space } from "antd";
import { useState } from "react";

import { describeError } from "@/components/query-state";
import {
  AnswerOpenRequestDocument, AssignDataDemandProviderDocument, type AwaitingMeQuery, CatalogDataDemandDocument, CorrectDataErrorDocument,
  GrantCitationDocument, RefuseCitationDocument, RejectDataDemandDocument, RejectDataErrorDocument, VerifyDataErrorDocument,
} from "@/features/decisions/api/decisions.generated";
import { MAX_TEXT } from "@/features/decisions/lib/limits";
import { fill, messages } from "@/lib/i18n";
import { placeUserErrors, type UserError } from "@/lib/user-errors";

const m = messages.decisions.tasks;
type Task = AwaitingMeQuery["awaitingMe"][number];
type Payload = { userErrors: readonly UserError[] } | null | undefined;
type Field = { name: string; label: string; required: boolean; hint?: string };
type Values = Record<string, string | undefined>;
/** One act: its button, its form's fields, and how it is sent. */
type Act = { key: string; label: string; danger?: boolean; fields: Field[]; send: (values: Values) => Promise<Payload> };
const REFETCH = { refetchQueries: ["AwaitingMe"] };

function useActs(task: Task): Act[] {
  const [grantCitation] = useMutation(GrantCitationDocument, REFETCH);
  const [refuseCitation] = useMutation(RefuseCitationDocument, REFETCH);
  const [verify] = useMutation(VerifyDataErrorDocument, REFETCH);
  const [correct] = useMutation(CorrectDataErrorDocument, REFETCH);
  const [reject] = useMutation(RejectDataErrorDocument, REFETCH);
  const [answer] = useMutation(AnswerOpenRequestDocument, REFETCH);
  const [assign] = useMutation(AssignDataDemandProviderDocument, REFETCH);
  const [rejectDemand] = useMutation(RejectDataDemandDocument, REFETCH);
  const [catalog] = useMutation(CatalogDataDemandDocument, REFETCH);
  const reason: Field = { name: "reason", label: m.reason, required: true };
  const v = (values: Values, name: string) => values[name] ?? "";
  if (task.citation) {
    const at = { id: task.citation.citationId, version: task.citation.version };
    return [
      { key: "grant", label: m.grantCitation, fields: [], send: async () => (await grantCitation({ variables: at })).data?.grantCitation },
      { key: "refuse", label: m.refuseCitation, danger: true, fields: [reason], send: async (x) => (await refuseCitation({ variables: { ...at, reason: v(x, "reason") } })).data?.refuseCitation },
    ];
  }
  if (task.errorReport) {
    const at = { id: task.errorReport.reportId, version: task.errorReport.version };
    const acts: Act[] = [];
    if (task.errorReport.status === "REPORTED") acts.push({ key: "verify", label: m.verify, fields: [{ name: "note", label: m.note, required: false }], send: async (x) => (await verify({ variables: { ...at, note: x.note?.trim() ? x.note : null } })).data?.verifyDataError });
    acts.push({ key: "correct", label: m.correct, fields: [{ name: "correction", label: m.correction, required: true }], send: async (x) => (await correct({ variables: { ...at, correction: v(x, "correction") } })).data?.correctDataError });
    acts.push({ key: "reject", label: m.rejectError, danger: true, fields: [reason], send: async (x) => (await reject({ variables: { ...at, reason: v(x, "reason") } })).data?.rejectDataError });
    return acts;
  }
  if (task.openRequest) {
    const at = { id: task.openRequest.requestId, version: task.openRequest.version };
    return [
      { key: "open", label: m.open, fields: [], send: async () => (await answer({ variables: { ...at, open: true, reason: null } })).data?.answerOpenRequest },
      { key: "refuse", label: m.refuseOpen, danger: true, fields: [{ ...reason, hint: m.refuseOpenHint }], send: async (x) => (await answer({ variables: { ...at, open: false, reason: v(x, "reason") } })).data?.answerOpenRequest },
    ];
  }
  if (task.dataDemand) {
    const at = { id: task.dataDemand.demandId, version: task.dataDemand.version };
    if (task.kind === "CATALOG_DEMAND")
      return [{ key: "catalog", label: m.catalog, fields: [{ name: "resource", label: m.resourceCode, required: true, hint: m.resourceCodeHint }], send: async (x) => (await catalog({ variables: { ...at, resource: v(x, "resource") } })).data?.catalogDataDemand }];
    return [
      { key: "assign", label: m.assign, fields: [{ name: "provider", label: m.providerCode, required: true, hint: m.providerCodeHint }], send: async (x) => (await assign({ variables: { ...at, provider: v(x, "provider") } })).data?.assignDataDemandProvider },
      { key: "reject", label: m.rejectDemand, danger: true, fields: [reason], send: async (x) => (await rejectDemand({ variables: { ...at, reason: v(x, "reason") } })).data?.rejectDataDemand },
    ];
  }
  return [];
}

function ActDialog({ act, onClose }: { act: Act; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<UserError[]>([]);
  const [stale, setStale] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (values: Values) => {
    setBusy(true);
    setProblems([]);
    setStale(false);
    setFailure(null);
    try {
      const payload = await act.send(values);
      if (!payload) return;
      if (payload.userErrors.some((e) => e.code === "CONFLICT" || e.code === "ILLEGAL_TRANSITION")) setStale(true);
      else if (payload.userErrors.length > 0) setProblems(placeUserErrors(form, payload.userErrors, act.fields.map((f) => f.name)));
      else onClose();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={act.label} okText={messages.decisions.acts.confirm} cancelText={messages.decisions.acts.cancel} confirmLoading={busy} onOk={() => form.submit()} onCancel={onClose}>
      {stale && <Alert type="warning" showIcon role="alert" style={{ marginBottom: 16 }} title={messages.decisions.acts.stale} description={m.staleHint} />}
      {problems.length > 0 && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={messages.decisions.acts.refused} description={problems.map((p) => <div key={p.message}>{p.message}</div>)} />}
      {failure !== null && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={messages.decisions.acts.failed} description={describeError(failure)} />}
      <Form<Values> form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        {act.fields.length === 0 && <p>{fill(m.confirmText, { act: act.label })}</p>}
        {act.fields.map((f) => (
          <Form.Item key={f.name} name={f.name} label={f.label} extra={f.hint} rules={[{ required: f.required, whitespace: true, message: fill(m.required, { field: f.label }) }, { max: MAX_TEXT, message: fill(messages.decisions.acts.tooLong, { max: MAX_TEXT }) }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

/** The buttons of a task's acts (the use's acts are on its own page). */
export function TaskActs({ task }: { task: Task }) {
  const acts = useActs(task);
  const [open, setOpen] = useState<Act | null>(null);
  if (acts.length === 0) return null;
  return (
    <Space wrap>
      {acts.map((a) => (
        <Button key={a.key} size="small" danger={a.danger} onClick={() => setOpen(a)}>
          {a.label}
        </Button>
      ))}
      {open && <ActDialog act={open} onClose={() => setOpen(null)} />}
    </Space>
  );
}
