import { useAuth } from "@/features/auth/hooks/auth";
import { AuditPage } from "@/features/decisions/components/audit-page";

export function Component() {
  return <AuditPage eic={useAuth().me?.roles.includes("EIC") ?? false} />;
}
