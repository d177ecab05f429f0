/*
 * The picture's colours, shared by the drawing and its SVG/PNG export: a box's fill is its kind, its
 * border the resource's effective share type (Art.18, Art.23); a desensitising step is dashed green.
 * Text colours keep a contrast of at least 4.5:1 on their fill (WCAG AA, checked by axe-core).
 */
export const KIND_FILL: Record<string, string> = {
  Resource: "#e6f0ff",
  DataItem: "#e0f2fe",
  System: "#f1ebff",
  Department: "#e3f7e8",
  Platform: "#dff7f9",
  Consumer: "#fff4d6",
  Use: "#fffbe0",
  Citation: "#ffe8e8",
};
export const OTHER_FILL = "#f1f5f9";
export const CONTAINER_FILL = "#f8fafc";
export const TEXT = "#1f2937";
export const MUTED_TEXT = "#4b5563";
export const SHARE_BORDER: Record<string, string> = {
  UNCONDITIONAL: "#15803d",
  CONDITIONAL: "#c2410c",
  NOT_SHARED: "#b91c1c",
};
export const NO_SHARE_BORDER = "#64748b";
export const HIDDEN_FILL = "#eceff3";
export const HIDDEN_BORDER = "#6b7280";
export const EDGE = "#64748b";
export const EDGE_DESENSITISED = "#15803d";
export const HIGHLIGHT = "#be185d";
export const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif';

export function fillOf(kind: string | undefined): string {
  return (kind && KIND_FILL[kind]) || OTHER_FILL;
}

export function borderOf(shareType: string | null | undefined): string {
  return (shareType && SHARE_BORDER[shareType]) || NO_SHARE_BORDER;
}
