/*
 * Exports as files the EIC opens in a spreadsheet: CSV with a byte-order mark (so Excel reads the
 * Chinese as UTF-8), every cell quoted when it holds a comma, quote or line break, CRLF lines
 * (RFC 4180). A cell that starts like a formula (= + - @) is prefixed with ' so a spreadsheet shows
 * it rather than runs it.
 */
export type Cell = string | number | boolean | null | undefined;

function cell(value: Cell): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === "string") text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return "\uFEFF" + [header, ...rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}

/** Offers `content` to the browser as a download named `filename`. */
export function download(filename: string, content: string | Blob, type = "text/csv;charset=utf-8"): void {
  const blob = typeof content === "string" ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
