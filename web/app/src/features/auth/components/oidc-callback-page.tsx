/* Where the identity provider sends the browser back: redeem the code, then go where the user was. */
import { Alert, Button } from "antd";
import { useEffect, useRef, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";

import { Loading } from "@/components/query-state";
import { useAuth } from "@/features/auth/hooks/auth";
import { completeOidcSignIn, OidcError } from "@/features/auth/oidc";
import { fill, messages } from "@/lib/i18n";
import { paths } from "@/lib/paths";

const m = messages.signIn;

export function OidcCallbackPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const auth = useAuth();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return; // the code may be redeemed once only
    started.current = true;
    completeOidcSignIn(params).then(
      ({ token, returnTo }) => {
        auth.signIn(token);
        void navigate(returnTo, { replace: true });
      },
      (e: unknown) => {
        const kind = e instanceof OidcError ? e.kind : "server";
        const detail = e instanceof Error && e.message ? fill(messages.common.detail, { detail: e.message }) : "";
        setError(m.oidcErrors[kind] + detail);
      },
    );
  }, [params, navigate, auth]);

  if (error === null) return <Loading label={m.oidcCompleting} />;
  return (
    <Alert
      type="error"
      showIcon
      title={error}
      action={
        <Button onClick={() => void navigate(paths.signIn, { replace: true })}>{m.tryAgain}</Button>
      }
    />
  );
}
