/* /resources/<code>: the code may come encoded (101001%2F000001) or not (101001/000001);
 * /resources/<code>/request: the request form (申请使用), for a signed-in department. */
import { Navigate, useLocation, useParams } from "react-router";

import { Loading } from "@/components/query-state";
import { useAuth } from "@/features/auth/hooks/auth";
import { RequestUsePage } from "@/features/decisions/components/request-use-page";
import { ResourcePage } from "@/features/resource/components/resource-page";
import { decodeParam, paths } from "@/lib/paths";

const REQUEST = "/request";

function RequestRoute({ code }: { code: string }) {
  const auth = useAuth();
  const location = useLocation();
  if (auth.status === "public") return <Navigate to={`${paths.signIn}?from=${encodeURIComponent(location.pathname)}`} replace />;
  if (auth.status === "checking") return <Loading />;
  return <RequestUsePage key={code} code={code} department={auth.me?.department ?? ""} />;
}

export function Component() {
  const path = decodeParam(useParams()["*"]);
  if (path.endsWith(REQUEST)) return <RequestRoute code={path.slice(0, -REQUEST.length)} />;
  return <ResourcePage key={path} code={path} />;
}
