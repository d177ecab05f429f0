/* /resources/<code>: the code may come encoded (101001%2F000001) or not (101001/000001);
 * /resources/<code>/request: the request form (申请使用); /resources/<code>/report: 纠错; both for a signed-in department. */
import { Navigate, useLocation, useParams } from "react-router";

import { Loading } from "@/components/query-state";
import { useAuth } from "@/features/auth/hooks/auth";
import { ReportErrorPage } from "@/features/decisions/components/report-error-page";
import { RequestUsePage } from "@/features/decisions/components/request-use-page";
import { ResourcePage } from "@/features/resource/components/resource-page";
import { decodeParam, paths } from "@/lib/paths";

const REQUEST = "/request";
const REPORT = "/report";

function SignedIn({ code, page }: { code: string; page: "request" | "report" }) {
  const auth = useAuth();
  const location = useLocation();
  if (auth.status === "public") return <Navigate to={`${paths.signIn}?from=${encodeURIComponent(location.pathname)}`} replace />;
  if (auth.status === "checking") return <Loading />;
  const department = auth.me?.department ?? "";
  return page === "request" ? <RequestUsePage key={code} code={code} department={department} /> : <ReportErrorPage key={code} code={code} department={department} />;
}

export function Component() {
  const path = decodeParam(useParams()["*"]);
  if (path.endsWith(REQUEST)) return <SignedIn page="request" code={path.slice(0, -REQUEST.length)} />;
  if (path.endsWith(REPORT)) return <SignedIn page="report" code={path.slice(0, -REPORT.length)} />;
  return <ResourcePage key={path} code={path} />;
}
