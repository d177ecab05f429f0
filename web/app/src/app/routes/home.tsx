/* The start page: for the public, the open catalog; for a signed-in user, search and the catalogs. */
import { Card, Col, Row, Space, Typography } from "antd";
import { Link, Navigate } from "react-router";

import { Loading } from "@/components/query-state";
import { useAuth } from "@/features/auth/hooks/auth";
import { SearchBox } from "@/features/search/components/search-box";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";

const m = messages.home;

export function Component() {
  const auth = useAuth();
  const labels = useLabels();
  if (auth.status === "public") return <Navigate to={paths.openCatalog} replace />;
  if (auth.status === "checking") return <Loading />;
  const me = auth.me;
  const who = me ? fill(m.who, { department: me.dept?.shortName ?? me.dept?.name ?? me.department ?? "", roles: me.roles.map((r) => labels.roleLabel(r)).join("、") }) : "";
  const cards = [
    { to: paths.catalogs, title: m.catalogsTitle, text: m.catalogsText },
    { to: paths.shareCatalog, title: m.shareTitle, text: m.shareText },
    { to: paths.openCatalog, title: m.openTitle, text: m.openText },
    ...(me?.department ? [{ to: paths.department(me.department), title: m.mineTitle, text: m.mineText }] : []),
  ];
  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <Typography.Title level={1}>{m.title}</Typography.Title>
      {who && <Typography.Paragraph>{who}</Typography.Paragraph>}
      <SearchBox size="large" />
      <Row gutter={[16, 16]}>
        {cards.map((c) => (
          <Col key={c.to} xs={24} md={12} xl={6}>
            <Link to={c.to}>
              <Card hoverable title={c.title}>
                {c.text}
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </Space>
  );
}
