/* 数据纠错 (/resources/<code>/report): a department reports an error in a shared resource (Art.25–26). */
import { useQuery } from "@apollo/client/react";
import { Space, Typography } from "antd";
import { Link } from "react-router";

import { Loading, NotFound, QueryError } from "@/components/query-state";
import { RequestUseFormDocument } from "@/features/decisions/api/decisions.generated";
import { ReportErrorForm } from "@/features/decisions/components/consumer-form";
import { fill, messages } from "@/lib/i18n";
import { paths } from "@/lib/paths";

const m = messages.decisions.forms;

export function ReportErrorPage({ code, department }: { code: string; department: string }) {
  const { data, error, loading } = useQuery(RequestUseFormDocument, { variables: { code, department } });
  if (error) return <QueryError error={error} />;
  if (loading || !data) return <Loading />;
  if (!data.resource) return <NotFound what={fill(messages.resource.notFound, { code })} />;
  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <div>
        <Typography.Title level={1}>{fill(m.reportPage, { name: data.resource.name })}</Typography.Title>
        <Link to={paths.resource(code)}>{m.back}</Link>
      </div>
      <ReportErrorForm department={department} resource={code} />
    </Space>
  );
}
