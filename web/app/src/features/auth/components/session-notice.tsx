/* When the server refused the token (expired, unknown key…): say why in Chinese, offer to sign in again. */
import { Alert, Button } from "antd";
import { useLocation, useNavigate } from "react-router";

import { useAuth } from "@/features/auth/hooks/auth";
import { messages } from "@/lib/i18n";
import { paths } from "@/lib/paths";

const m = messages.auth;

export function SessionNotice() {
  const auth = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  if (!auth.refusal) return null;
  const reasons: Record<string, string> = m.reasons;
  const why = reasons[auth.refusal.reason] ?? m.reasons.UNAUTHENTICATED;
  const again = () => {
    auth.dismissRefusal();
    if (location.pathname.startsWith(paths.signIn)) return; // already there, with where to go back to
    void navigate(`${paths.signIn}?from=${encodeURIComponent(location.pathname + location.search)}`);
  };
  return (
    <Alert
      role="alert"
      type="warning"
      showIcon
      className="gg-session-notice"
      title={m.refusedTitle}
      description={`${why}${m.refusedNow}`}
      action={
        <Button type="primary" onClick={again}>
          {m.signInAgain}
        </Button>
      }
      closable={{ onClose: () => auth.dismissRefusal(), "aria-label": m.dismiss }}
    />
  );
}
