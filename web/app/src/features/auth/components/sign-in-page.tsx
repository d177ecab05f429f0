/*
 * The sign-in page. With the development keys in use (scripts/serve), it lists the district's
 * departments and the roles each may take, and has the server sign a development token; with the
 * district's OpenID Connect provider configured, it sends the user there. A token can also be
 * pasted (with or without "Bearer "), and anyone may browse as the public (the open catalog).
 */
import { Alert, Button, Card, Checkbox, Collapse, Divider, Form, Input, Select, Space, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";

import { Loading } from "@/components/query-state";
import { type AuthConfig, type DevChoices, fetchAuthConfig, fetchDevChoices, SignInError, signDevToken } from "@/features/auth/api/sign-in";
import { useAuth } from "@/features/auth/hooks/auth";
import { startOidcSignIn } from "@/features/auth/oidc";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";
import { normaliseToken } from "@/lib/token";

const m = messages.signIn;

type DevForm = { department?: string; roles?: string[] };

/** Where to go after signing in: the page that sent the user here, if it is one of ours. */
function useReturnTo(): string {
  const [params] = useSearchParams();
  const from = params.get("from");
  return from && from.startsWith("/") && !from.startsWith("//") && !from.startsWith(paths.signIn) ? from : paths.home;
}

export function SignInPage() {
  const auth = useAuth();
  const navigate = useNavigate();
  const returnTo = useReturnTo();
  const [config, setConfig] = useState<AuthConfig | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    fetchAuthConfig().then(setConfig, () => setFailed(true));
  }, []);

  const signIn = (token: string) => {
    auth.signIn(token);
    // GraphiQL and the explorer are the server's pages, not the app's routes.
    if (paths.serverPages.some((page) => returnTo.startsWith(page))) window.location.assign(returnTo);
    else void navigate(returnTo, { replace: true });
  };
  const browseAsPublic = () => {
    auth.signOut();
    void navigate(paths.openCatalog, { replace: true });
  };

  return (
    <div className="gg-signin">
      <Typography.Title level={1}>{m.title}</Typography.Title>
      {auth.status === "signed-in" && auth.me && (
        <Alert type="info" showIcon title={fill(m.alreadySignedIn, { who: auth.me.dept?.shortName ?? auth.me.dept?.name ?? auth.me.department ?? "" })} />
      )}
      {failed && <Alert type="error" showIcon title={m.configFailed} />}
      {config === null && !failed && <Loading />}
      {config?.oidc && (
        <Card title={m.oidcTitle}>
          <Typography.Paragraph>{m.oidcHint}</Typography.Paragraph>
          {config.oidc.problem && <Alert type="error" showIcon title={config.oidc.problem} style={{ marginBottom: 12 }} />}
          <Button
            type="primary"
            disabled={!config.oidc.authorizationEndpoint}
            onClick={() => {
              const { authorizationEndpoint, clientId, scope } = config.oidc!;
              if (authorizationEndpoint) void startOidcSignIn({ authorizationEndpoint, clientId, scope }, returnTo);
            }}
          >
            {m.oidcButton}
          </Button>
        </Card>
      )}
      {config?.development && <DevSignIn onToken={signIn} />}
      {config && !config.development && !config.oidc && <Alert type="warning" showIcon title={m.noSignIn} />}
      <Card title={m.publicTitle}>
        <Typography.Paragraph>{m.publicHint}</Typography.Paragraph>
        <Button onClick={browseAsPublic}>{m.publicButton}</Button>
      </Card>
      <Collapse
        items={[{ key: "paste", label: m.pasteTitle, children: <PasteToken onToken={signIn} /> }]}
      />
    </div>
  );
}

function DevSignIn({ onToken }: { onToken: (token: string) => void }) {
  const labels = useLabels();
  const [form] = Form.useForm<DevForm>();
  const [choices, setChoices] = useState<DevChoices | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const department = Form.useWatch("department", form);

  useEffect(() => {
    fetchDevChoices().then(setChoices, (e: unknown) => setLoadError(e instanceof SignInError && e.message ? e.message : m.choicesFailed));
  }, []);

  const chosen = useMemo(() => choices?.departments.find((d) => d.code === department) ?? null, [choices, department]);
  const options = useMemo(
    () => (choices?.departments ?? []).map((d) => ({ value: d.code, label: d.shortName ? fill(messages.common.nameWithFull, { short: d.shortName, full: d.name }) : d.name })),
    [choices],
  );

  // Roles the chosen department may not take are dropped when it changes.
  useEffect(() => {
    const roles = form.getFieldValue("roles") as string[] | undefined;
    if (chosen && roles) form.setFieldValue("roles", roles.filter((r) => chosen.roles.includes(r)));
  }, [chosen, form]);

  const submit = async (values: DevForm) => {
    setRefused(null);
    setBusy(true);
    try {
      const issued = await signDevToken(values.department ?? "", values.roles ?? []);
      onToken(issued.token);
    } catch (e) {
      if (e instanceof SignInError && e.field && e.field !== "body") {
        form.setFields([{ name: e.field as keyof DevForm, errors: [e.message] }]);
      } else {
        setRefused(e instanceof SignInError && e.message ? e.message : m.signFailed);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={m.devTitle}>
      <Alert type="warning" showIcon title={m.devWarning} />
      {loadError && <Alert type="error" showIcon title={loadError} />}
      {refused && <Alert type="error" showIcon title={refused} />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} initialValues={{ roles: ["DEPARTMENT_USER"] }}>
        <Form.Item name="department" label={m.department} rules={[{ required: true, message: m.departmentRequired }]}>
          <Select
            showSearch={{ optionFilterProp: "label" }}
            placeholder={m.departmentPlaceholder}
            options={options}
            loading={choices === null && loadError === null}
            aria-label={m.department}
          />
        </Form.Item>
        <Form.Item
          name="roles"
          label={m.roles}
          // A validator rather than `required`: Ant Design would put aria-required on the group, which ARIA does not allow there.
          rules={[{ validator: (_, roles?: string[]) => (roles?.length ? Promise.resolve() : Promise.reject(new Error(m.rolesRequired))) }]}
        >
          <Checkbox.Group
            role="group"
            aria-label={m.roles}
            options={(choices?.roles ?? []).map((r) => ({
              value: r.code,
              label: labels.roleLabel(r.code),
              disabled: chosen !== null && !chosen.roles.includes(r.code),
            }))}
          />
        </Form.Item>
        {choices && <Typography.Paragraph type="secondary">{fill(m.devLifetime, { hours: Math.round(choices.ttlSeconds / 3600) })}</Typography.Paragraph>}
        <Button type="primary" htmlType="submit" loading={busy}>
          {m.signInButton}
        </Button>
      </Form>
    </Card>
  );
}

function PasteToken({ onToken }: { onToken: (token: string) => void }) {
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    const token = normaliseToken(value);
    if (!token) return setError(m.pasteEmpty);
    if (token.split(".").length !== 3) return setError(m.pasteMalformed);
    setError(null);
    onToken(token);
  };
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Typography.Text type="secondary">{m.pasteHint}</Typography.Text>
      <Input.TextArea
        value={value}
        onChange={(e) => setValue(e.target.value)}
        rows={3}
        aria-label={m.pasteLabel}
        placeholder={m.pastePlaceholder}
        status={error ? "error" : undefined}
      />
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <Divider style={{ margin: 0 }} />
      <Button onClick={submit}>{m.pasteButton}</Button>
    </Space>
  );
}
