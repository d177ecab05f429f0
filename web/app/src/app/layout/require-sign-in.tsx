/* Pages for departments: the public is asked to sign in first (and comes back here after). */
import { Navigate, Outlet, useLocation } from "react-router";

import { Loading } from "@/components/query-state";
import { useAuth } from "@/features/auth/hooks/auth";
import { paths } from "@/lib/paths";

export function RequireSignIn() {
  const auth = useAuth();
  const location = useLocation();
  if (auth.status === "public") return <Navigate to={`${paths.signIn}?from=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (auth.status === "checking") return <Loading />;
  return <Outlet />;
}
