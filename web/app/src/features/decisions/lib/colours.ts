/* Solid colours with white text, each at least 4.5:1 (WCAG AA; axe-core checks it), as components/enum-tag. */
export const RED = "#a8071a";
export const BROWN = "#874d00";
export const GREEN = "#237804";
export const BLUE = "#1f5fbf";

/** A use's state: granted green, refused or revoked red, the rest (on its way) blue. */
export function statusColour(status: string): string {
  if (status === "GRANTED") return GREEN;
  if (status === "DENIED" || status === "REVOKED") return RED;
  if (status === "EXPIRED") return BROWN;
  return BLUE;
}
