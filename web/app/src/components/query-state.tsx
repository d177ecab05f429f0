/* How a page shows that it is loading, or why a GraphQL request failed (in Chinese, by error code). */
import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";
import { Alert, Result, Spin } from "antd";

import { fill, messages } from "@/lib/i18n";

const m = messages.errors;

export function Loading({ label }: { label?: string }) {
  return (
    <div className="gg-loading" role="status" aria-label={label ?? messages.common.loading}>
      <Spin />
    </div>
  );
}

/** The Chinese message for a failed request: by the first error's `extensions.code`. */
export function describeError(error: unknown): string {
  const codes: Record<string, string> = m.codes;
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const code = typeof first?.extensions?.code === "string" ? first.extensions.code : "";
    const known = codes[code];
    if (known) return code === "INVALID_ARGUMENT" && first ? fill(known, { detail: first.message }) : known;
    return m.unknown;
  }
  if (ServerError.is(error)) return error.statusCode === 401 ? m.codes.UNAUTHENTICATED : fill(m.http, { status: error.statusCode });
  return m.network;
}

export function QueryError({ error }: { error: unknown }) {
  return <Alert type="error" showIcon role="alert" title={m.title} description={describeError(error)} />;
}

/** A page's object was not found, or the user may not see it (the API answers both the same). */
export function NotFound({ what }: { what: string }) {
  return <Result status="404" title={fill(m.notFound, { what })} subTitle={m.notFoundHint} />;
}
