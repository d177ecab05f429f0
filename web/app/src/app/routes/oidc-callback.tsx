import { OidcCallbackPage } from "@/features/auth/components/oidc-callback-page";

export function Component() {
  return <OidcCallbackPage />;
}
