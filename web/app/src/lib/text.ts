/* Text a person typed, made fit to send: control characters dropped, spaces collapsed, trimmed; null when nothing is left. */
export function cleanText(raw: string, maxChars: number): string | null {
  // eslint-disable-next-line no-control-regex
  const text = raw.replace(/[\u0000-\u001f\u007f]/g, " ").replace(/\s+/g, " ").trim();
  return text ? [...text].slice(0, maxChars).join("") : null;
}
