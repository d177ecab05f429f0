/*
 * 我的待办 (/todo): everything awaiting the signed-in person, as the server lists it (awaitingMe):
 * overdue first with the working days overdue, then by working days left; each links to where it is
 * acted on.
 */
import { useQuery } from "@apollo/client/react";
import { Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link } from "react-router";

import { QueryError } from "@/components/query-state";
import { AwaitingMeDocument, type AwaitingMeQuery } from "@/features/decisions/api/decisions.generated";
import { DaysLeft } from "@/features/decisions/components/days-left";
import { TaskActs } from "@/features/decisions/components/task-acts";
import { fill, messages } from "@/lib/i18n";
import { useLabels } from "@/lib/labels";
import { paths } from "@/lib/paths";

const m = messages.decisions.todo;
type Task = AwaitingMeQuery["awaitingMe"][number];

/** What the task is about, in a line, and where to act on it. */
function Subject({ task }: { task: Task }) {
  if (task.use) {
    const u = task.use;
    const who = u.consumer?.actsFor?.shortName ?? u.consumer?.actsFor?.name ?? u.consumer?.name ?? messages.common.none;
    return <Link to={paths.use(u.useId)}>{fill(m.useSubject, { resource: u.resource?.name ?? u.useId, who, purpose: u.purpose })}</Link>;
  }
  if (task.citation) return <>{fill(m.citationSubject, { document: task.citation.document, resource: task.citation.resource?.name ?? "" })}</>;
  if (task.errorReport) return task.errorReport.resource ? <Link to={paths.resource(task.errorReport.resource.code)}>{fill(m.errorSubject, { resource: task.errorReport.resource.name, description: task.errorReport.description })}</Link> : <>{task.errorReport.description}</>;
  if (task.openRequest) return <>{fill(m.openSubject, { requester: task.openRequest.requester, content: task.openRequest.content })}</>;
  if (task.dataDemand) return <>{task.dataDemand.description}</>;
  return <>{task.recordId}</>;
}

export function TodoPage() {
  const labels = useLabels();
  const { data, error, loading } = useQuery(AwaitingMeDocument, { fetchPolicy: "cache-and-network" });
  const tasks = data?.awaitingMe ?? [];
  const overdue = tasks.filter((t) => t.overdue).length;
  const columns: ColumnsType<Task> = [
    { title: m.kind, key: "kind", render: (_: unknown, t) => labels.enumLabel("TaskKind", t.kind) },
    { title: m.subject, key: "subject", render: (_: unknown, t) => <Subject task={t} /> },
    { title: m.record, dataIndex: "recordId", key: "recordId" },
    { title: m.article, dataIndex: "article", key: "article" },
    { title: m.due, key: "due", render: (_: unknown, t) => t.due ?? messages.common.none },
    { title: m.left, key: "left", render: (_: unknown, t) => (t.workingDaysLeft === null || t.workingDaysLeft === undefined ? m.noDeadline : <DaysLeft days={t.workingDaysLeft} />) },
    { title: m.acts, key: "acts", render: (_: unknown, t) => (t.use ? <Link to={paths.use(t.use.useId)}>{m.openUse}</Link> : <TaskActs task={t} />) },
  ];
  return (
    <div>
      <Typography.Title level={1}>{m.title}</Typography.Title>
      <Typography.Paragraph>{data ? fill(m.summary, { count: tasks.length, overdue }) : m.intro}</Typography.Paragraph>
      {error && <QueryError error={error} />}
      <Table<Task>
        rowKey={(t) => `${t.kind}-${t.recordId}`}
        size="small"
        loading={loading && !data}
        columns={columns}
        dataSource={tasks}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: m.empty }}
        rowClassName={(t) => (t.overdue ? "gg-overdue" : "")}
      />
    </div>
  );
}

