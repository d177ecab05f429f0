/*
 * Rows as CSV (RFC 4180): every field quoted, quotes doubled, CRLF between rows. A field that a
 * spreadsheet would read as a formula (= + - @ at its start) is prefixed with ', as OWASP advises.
 */
function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvOf(rows: string[][]): string {
  return rows.map((row) => row.map(field).join(",")).join("\r\n") + "\r\n";
}
