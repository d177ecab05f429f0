/* The EIC's desk: for the EIC and the leading group; anyone else is told it is not theirs (the server refuses them its data regardless). */
import { Result } from "antd";

import { Loading } from "@/components/query-state";
import { useAuth } from "@/features/auth/hooks/auth";
import { DeskPage } from "@/features/eic/components/desk-page";
import { messages } from "@/lib/i18n";
import { mayUseDesk } from "@/lib/roles";

export function Component() {
  const auth = useAuth();
  if (auth.status === "checking") return <Loading />;
  const roles = auth.me?.roles ?? [];
  if (!mayUseDesk(roles)) return <Result status="403" title={messages.eic.forbiddenTitle} subTitle={messages.eic.forbidden} />;
  return <DeskPage />;
}
