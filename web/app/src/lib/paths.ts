/*
 * The app's URLs, in one place, so that a feature can link to another feature's page without
 * importing it (features never import each other). Codes are encoded: a resource code holds a "/"
 * (101001/000001 -> /resources/101001%2F000001).
 */
const enc = encodeURIComponent;

export const paths = {
  home: "/",
  signIn: "/signin",
  oidcCallback: "/signin/callback",
  search: (text?: string) => (text ? `/search?q=${enc(text)}` : "/search"),
  catalogs: "/catalogs",
  catalog: (code: string) => `/catalogs?catalog=${enc(code)}`,
  shareCatalog: "/catalogs/share",
  openCatalog: "/open/catalog",
  eicDesk: (tab?: string) => (tab ? `/eic?tab=${enc(tab)}` : "/eic"),
  resource: (code: string) => `/resources/${enc(code)}`,
  requestUse: (code: string) => `/resources/${enc(code)}/request`,
  reportError: (code: string) => `/resources/${enc(code)}/report`,
  todo: "/todo",
  audit: "/audit",
  requests: "/requests",
  use: (id: string) => `/uses/${enc(id)}`,
  department: (code: string) => `/departments/${enc(code)}`,
  system: (code: string) => `/systems/${enc(code)}`,
  // The lineage picture (its question in the query string: features/lineage/model/options) and impact as a list.
  lineage: (code?: string) => (code ? `/lineage?code=${enc(code)}` : "/lineage"),
  impact: (code: string) => `/impact?code=${enc(code)}`,
  // Pages the server serves itself (GraphiQL; /explore now sends browsers to /lineage): plain links, not routes.
  graphiql: "/graphql",
  serverPages: ["/graphql", "/explore"],
};

/** A route parameter as the user meant it: decoded once more if the router left it encoded. */
export function decodeParam(value: string | undefined): string {
  if (!value) return "";
  try {
    return value.includes("%") ? decodeURIComponent(value) : value;
  } catch {
    return value;
  }
}
