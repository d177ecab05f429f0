/* A search text: cleaned (lib/text), and refused when empty or longer than the cap (not silently cut). */
import { cleanText } from "@/lib/text";

export const MAX_QUERY_CHARS = 100;

export type QueryText = { ok: true; text: string } | { ok: false; problem: "empty" | "tooLong" };

export function cleanQuery(raw: string): QueryText {
  const text = cleanText(raw, Number.MAX_SAFE_INTEGER);
  if (!text) return { ok: false, problem: "empty" };
  if ([...text].length > MAX_QUERY_CHARS) return { ok: false, problem: "tooLong" };
  return { ok: true, text };
}
