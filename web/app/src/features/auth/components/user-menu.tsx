/* The header's sign-in state: who is signed in (department and roles, from the API) and signing out. */
import { LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { Button, Space, Spin, Tag } from "antd";
import { Link, useLocation, useNavigate } from "react-router";

import { useAuth } from "@/features/auth/hooks/auth";
import { messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";

const m = messages.auth;

export function UserMenu() {
  const auth = useAuth();
  const labels = useLabels();
  const navigate = useNavigate();
  const onSignInPage = useLocation().pathname.startsWith(paths.signIn);

  if (auth.status === "public") {
    return (
      <Space>
        <Tag>{m.public}</Tag>
        {!onSignInPage && (
          <Button type="primary" onClick={() => void navigate(paths.signIn)}>
            {m.signIn}
          </Button>
        )}
      </Space>
    );
  }
  if (auth.status === "checking")
    return (
      <span role="status" aria-label={m.checking}>
        <Spin size="small" />
      </span>
    );

  const me = auth.me;
  const name = me?.dept?.shortName ?? me?.dept?.name ?? me?.department ?? m.unconfirmed;
  const roles = (me?.roles ?? []).map((r) => labels.roleLabel(r)).join("、");
  const signOut = () => {
    auth.signOut();
    void navigate(paths.signIn);
  };
  return (
    <div className="gg-user" aria-label={m.signedInAs}>
      <UserOutlined aria-hidden="true" />
      {me?.department ? (
        <Link to={paths.department(me.department)} className="gg-user-name" title={m.myDepartment}>
          {name}
        </Link>
      ) : (
        <span className="gg-user-name">{name}</span>
      )}
      {roles && <span className="gg-user-roles">{roles}</span>}
      <Button size="small" icon={<LogoutOutlined />} onClick={signOut}>
        {m.signOut}
      </Button>
    </div>
  );
}
