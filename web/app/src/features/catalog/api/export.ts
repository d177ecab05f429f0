/*
 * Download a catalog table's current selection as the national template CSV
 * (GET /api/v1/export/national-csv, see docs/catalog.md): the same filter the table's connection
 * has, sent with the signed-in user's token, so the server writes exactly what this user sees.
 */
import type { ResourceFilter } from "@/generated/types";
import { tokenStore } from "@/lib/token";

export const EXPORT_PATH = "/api/v1/export/national-csv";

/** Which connection the table lists: `resources` (a catalog's), `shareCatalog` or `openCatalog`. */
export type ExportView = "resources" | "share" | "open";

/** The query string for `view` and `filter`, one parameter per filter field (lists comma-separated). */
export function exportParams(view: ExportView, filter: ResourceFilter): URLSearchParams {
  const params = new URLSearchParams({ view });
  const lists = { catalogKind: filter.catalogKind, shareType: filter.shareType, openType: filter.openType, updateCycle: filter.updateCycle };
  for (const [name, values] of Object.entries(lists)) if (values && values.length > 0) params.set(name, values.join(","));
  for (const name of ["catalog", "provider", "text"] as const) {
    const value = filter[name];
    if (value) params.set(name, value);
  }
  if (typeof filter.aggregated === "boolean") params.set("aggregated", String(filter.aggregated));
  return params;
}

/** The file name the server gave (Content-Disposition's filename*), else `fallback`. */
function filenameOf(response: Response, fallback: string): string {
  const header = response.headers.get("content-disposition") ?? "";
  const match = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (!match?.[1]) return fallback;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return fallback;
  }
}

export class ExportError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Fetch the file and hand it to the browser as a download; the number of rows written. */
export async function downloadNationalCsv(view: ExportView, filter: ResourceFilter, fallbackName: string): Promise<number> {
  const token = tokenStore.get().token;
  const response = await fetch(`${EXPORT_PATH}?${exportParams(view, filter).toString()}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) {
    let message = "";
    try {
      const body = (await response.json()) as { error?: { message?: string } };
      message = body.error?.message ?? "";
    } catch {
      // not JSON: the status says it
    }
    if (response.status === 401 && token) tokenStore.refuse(token, "UNAUTHENTICATED");
    throw new ExportError(message, response.status);
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filenameOf(response, fallbackName);
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  return Number(response.headers.get("x-export-rows") ?? "0");
}
