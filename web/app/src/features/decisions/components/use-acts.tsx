/*
 * The acts on a use that the signed-in person may take now (the server's viewerCan; the mutation checks
 * every rule again): grant with a scope, refuse with a reason, escalate, revoke. Each opens a form; the
 * server's objections go next to their field, a stale version (someone acted first) says 已被他人修改
 * with the current state and a reload, and the form keeps what was typed.
 */
import { useMutation } from "@apollo/client/react";
import { Alert, Button, Card, Checkbox, DatePicker, Form, Input, Modal, Select, Space } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";

import { describeError } from "@/components/query-state";
import {
  ApproveUseDocument, EscalateUseDocument, RefuseUseDocument, RevokeUseDocument, type UseDetailFragment,
} from "@/features/decisions/api/decisions.generated";
import { MAX_TEXT } from "@/features/decisions/lib/limits";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { placeUserErrors, type UserError } from "@/lib/user-errors";

const m = messages.decisions.acts;
type Act = "approve" | "refuse" | "escalate" | "revoke";
type Values = { items?: string[]; purpose?: string; expiresAt?: Dayjs | null; citationPermitted?: boolean; reason?: string; note?: string };
type Payload = { userErrors: readonly UserError[]; result?: { status: string } | null } | undefined;
const REFETCH = { refetchQueries: ["AwaitingMe", "DepartmentUses"] };

function ActForm({ act, use, onClose, onDone, onReload }: { act: Act; use: UseDetailFragment; onClose: () => void; onDone: (text: string) => void; onReload: () => void }) {
  const labels = useLabels();
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<UserError[]>([]);
  const [stale, setStale] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [approve, approving] = useMutation(ApproveUseDocument, REFETCH);
  const [refuse, refusing] = useMutation(RefuseUseDocument, REFETCH);
  const [escalate, escalating] = useMutation(EscalateUseDocument, REFETCH);
  const [revoke, revoking] = useMutation(RevokeUseDocument, REFETCH);
  const busy = approving.loading || refusing.loading || escalating.loading || revoking.loading;
  const referring = act === "escalate" && use.status === "ESCALATED_TO_EIC";
  const title = referring ? m.refer : m[act];

  const send = async (values: Values): Promise<Payload> => {
    const base = { id: use.useId, version: use.version };
    if (act === "approve") {
      const scope = {
        items: values.items?.length ? values.items : null, purpose: values.purpose?.trim() ? values.purpose : null,
        expiresAt: values.expiresAt ? values.expiresAt.format("YYYY-MM-DD") : null, citationPermitted: values.citationPermitted ?? false,
      };
      return (await approve({ variables: { ...base, scope } })).data?.approveUse;
    }
    if (act === "refuse") return (await refuse({ variables: { ...base, reason: values.reason ?? "" } })).data?.refuseUse;
    if (act === "revoke") return (await revoke({ variables: { ...base, reason: values.reason ?? "" } })).data?.revokeUse;
    return (await escalate({ variables: { ...base, note: values.note?.trim() ? values.note : null } })).data?.escalateUse;
  };

  const submit = async (values: Values) => {
    setProblems([]);
    setStale(false);
    setFailure(null);
    try {
      const payload = await send(values);
      if (!payload) return;
      // Someone acted first: the version is stale (CONFLICT), or the use has moved on to a state where
      // this act no longer applies (ILLEGAL_TRANSITION). Show where it stands now; keep what was typed.
      if (payload.userErrors.some((e) => e.code === "CONFLICT" || e.code === "ILLEGAL_TRANSITION")) {
        setStale(true);
        onReload();
        return;
      }
      if (payload.userErrors.length > 0) {
        setProblems(placeUserErrors(form, payload.userErrors, ["items", "purpose", "expiresAt", "citationPermitted", "reason", "note"]));
        return;
      }
      onDone(fill(m.done, { act: title, status: labels.enumLabel("UseStatus", payload.result?.status) }));
      onClose();
    } catch (e) {
      setFailure(e);
    }
  };

  return (
    <Modal open title={title} onCancel={onClose} okText={m.confirm} cancelText={m.cancel} confirmLoading={busy} onOk={() => form.submit()} destroyOnHidden={false}>
      {stale && (
        <Alert
          type="warning" showIcon role="alert" style={{ marginBottom: 16 }}
          title={m.stale}
          description={fill(m.staleNow, { status: labels.enumLabel("UseStatus", use.status) })}
          action={<Button size="small" onClick={() => { setStale(false); onReload(); }}>{m.reload}</Button>}
        />
      )}
      {problems.length > 0 && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={m.refused} description={problems.map((p) => <div key={p.message}>{p.message}</div>)} />}
      {failure !== null && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={m.failed} description={describeError(failure)} />}
      <Form<Values> form={form} layout="vertical" initialValues={{ items: use.items, purpose: use.purpose, citationPermitted: false }} onFinish={(v) => void submit(v)}>
        {act === "approve" && (
          <>
            <Form.Item name="items" label={m.items} extra={m.itemsHint}>
              <Select mode="tags" allowClear options={use.items.map((i) => ({ value: i, label: i }))} />
            </Form.Item>
            <Form.Item name="purpose" label={m.purpose} extra={m.purposeHint} rules={[{ required: true, whitespace: true, message: m.purposeRequired }, { max: MAX_TEXT, message: fill(m.tooLong, { max: MAX_TEXT }) }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="expiresAt" label={m.expiresAt} extra={m.expiresAtHint}>
              <DatePicker style={{ width: "100%" }} />
            </Form.Item>
            <Form.Item name="citationPermitted" valuePropName="checked" extra={m.citationHint}>
              <Checkbox>{m.citationPermitted}</Checkbox>
            </Form.Item>
          </>
        )}
        {(act === "refuse" || act === "revoke") && (
          <Form.Item name="reason" label={m.reason} extra={act === "refuse" ? m.refuseHint : m.revokeHint} rules={[{ required: true, whitespace: true, message: m.reasonRequired }, { max: MAX_TEXT, message: fill(m.tooLong, { max: MAX_TEXT }) }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        {act === "escalate" && (
          <Form.Item name="note" label={m.note} extra={referring ? m.referHint : m.escalateHint} rules={[{ max: MAX_TEXT, message: fill(m.tooLong, { max: MAX_TEXT }) }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

export function UseActs({ use, onDone, onReload }: { use: UseDetailFragment; onDone: (text: string) => void; onReload: () => void }) {
  const [open, setOpen] = useState<Act | null>(null);
  const can = use.viewerCan;
  const referring = use.status === "ESCALATED_TO_EIC";
  const waiting = !can.escalate && can.escalateFrom && !can.approve && ["NEGOTIATING", "REQUESTED"].includes(use.status);
  const form = open && <ActForm key={open} act={open} use={use} onClose={() => setOpen(null)} onDone={onDone} onReload={onReload} />;
  // The open form stays when the use moves on underneath it (someone else acted): it says so.
  if (!can.approve && !can.refuse && !can.escalate && !can.revoke && !waiting) return form || null;
  return (
    <Card title={m.title} size="small">
      <Space wrap>
        {can.approve && <Button type="primary" onClick={() => setOpen("approve")}>{m.approve}</Button>}
        {can.refuse && <Button danger onClick={() => setOpen("refuse")}>{m.refuse}</Button>}
        {can.escalate && <Button onClick={() => setOpen("escalate")}>{referring ? m.refer : m.escalate}</Button>}
        {can.revoke && <Button danger onClick={() => setOpen("revoke")}>{m.revoke}</Button>}
      </Space>
      {waiting && <Alert type="info" showIcon style={{ marginTop: 12 }} title={fill(m.escalateLater, { day: can.escalateFrom ?? "" })} />}
      {form}
    </Card>
  );
}
