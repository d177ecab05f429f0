import { useAuth } from "@/features/auth/hooks/auth";
import { RequestsPage } from "@/features/decisions/components/requests-page";

export function Component() {
  const department = useAuth().me?.department ?? "";
  return <RequestsPage key={department} department={department} />;
}
