/*
 * Where a finding's subject or related node ("Kind:code") is shown in the app: resources, their data
 * items (on the resource's page), systems, departments and catalogs have pages; other kinds do not.
 */
import { paths } from "@/lib/paths";

export type Subject = { kind: string; code: string; path: string | null };

export function parseSubject(text: string): Subject {
  const at = text.indexOf(":");
  const kind = at < 0 ? "" : text.slice(0, at);
  const code = at < 0 ? text : text.slice(at + 1);
  switch (kind) {
    case "Resource":
      return { kind, code, path: paths.resource(code) };
    case "DataItem":
      return { kind, code, path: paths.resource(code.split("#")[0] ?? code) };
    case "System":
      return { kind, code, path: paths.system(code) };
    case "Department":
      return { kind, code, path: paths.department(code) };
    case "Catalog":
      return { kind, code, path: paths.catalog(code) };
    default:
      return { kind, code, path: null };
  }
}
