/*
 * The whole picture as a file: SVG written from the boxes and edges as drawn (not a screenshot of the
 * page, so it opens in any editor and prints sharp), and PNG rendered from that SVG at twice the
 * size. Nothing leaves the browser.
 */
import type { XY } from "@/features/lineage/model/layout";
import { itemOffset, sizeOf } from "@/features/lineage/model/layout";
import { EDGE, EDGE_DESENSITISED, FONT, HIDDEN_BORDER, HIDDEN_FILL, MUTED_TEXT, TEXT, borderOf, fillOf } from "@/features/lineage/model/style";
import type { VEdge, VNode } from "@/features/lineage/model/view";

export interface Labels {
  title: (v: VNode) => string;
  subtitle: (v: VNode) => string;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const escape = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function boxes(nodes: VNode[], positions: ReadonlyMap<string, XY>): Map<string, Box> {
  const found = new Map<string, Box>();
  for (const n of nodes) {
    if (n.parent) continue;
    const at = positions.get(n.id);
    if (at) found.set(n.id, { ...at, ...sizeOf(n) });
  }
  for (const n of nodes) {
    if (n.type !== "container") continue;
    const at = found.get(n.id);
    if (!at) continue;
    n.children.forEach((child, i) => {
      const item = nodes.find((c) => c.id === child);
      if (item) found.set(child, { x: at.x + itemOffset(i).x, y: at.y + itemOffset(i).y, ...sizeOf(item) });
    });
  }
  return found;
}

/** The picture as an SVG document. */
export function toSvg(nodes: VNode[], edges: VEdge[], positions: ReadonlyMap<string, XY>, labels: Labels): string {
  const placed = boxes(nodes, positions);
  const all = [...placed.values()];
  const minX = Math.min(0, ...all.map((b) => b.x)) - 24;
  const minY = Math.min(0, ...all.map((b) => b.y)) - 24;
  const width = Math.max(...all.map((b) => b.x + b.w), 0) - minX + 24;
  const height = Math.max(...all.map((b) => b.y + b.h), 0) - minY + 24;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${Math.ceil(height)}" viewBox="${minX} ${minY} ${Math.ceil(width)} ${Math.ceil(height)}" font-family='${FONT}'>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${EDGE}"/></marker></defs>`,
    `<rect x="${minX}" y="${minY}" width="${Math.ceil(width)}" height="${Math.ceil(height)}" fill="#ffffff"/>`,
  );
  for (const e of edges) {
    const a = placed.get(e.source);
    const b = placed.get(e.target);
    if (!a || !b) continue;
    const x1 = a.x + a.w;
    const y1 = a.y + a.h / 2;
    const x2 = b.x;
    const y2 = b.y + b.h / 2;
    const dx = Math.max(40, Math.abs(x2 - x1) / 2);
    const desensitised = e.edge?.desensitisation === true;
    parts.push(
      `<path d="M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}" fill="none" stroke="${desensitised ? EDGE_DESENSITISED : EDGE}" stroke-width="1.6"${desensitised ? ' stroke-dasharray="6 4"' : ""} marker-end="url(#arrow)"/>`,
    );
  }
  for (const n of nodes) {
    const b = placed.get(n.id);
    if (!b) continue;
    const group = n.type === "hidden" || n.type === "overflow";
    const fill = group ? HIDDEN_FILL : fillOf(n.node?.kind);
    const stroke = group ? HIDDEN_BORDER : borderOf(n.node?.effectiveShareType);
    const dash = n.type === "hidden" ? ' stroke-dasharray="5 3"' : "";
    parts.push(`<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="6" fill="${fill}" stroke="${stroke}" stroke-width="${n.start ? 3 : 2}"${dash}/>`);
    const title = escape(labels.title(n));
    const subtitle = escape(labels.subtitle(n));
    if (n.type === "item") {
      parts.push(`<text x="${b.x + 8}" y="${b.y + b.h / 2 + 4}" font-size="12" fill="${TEXT}">${title}</text>`);
      continue;
    }
    parts.push(`<text x="${b.x + 10}" y="${b.y + 22}" font-size="13" font-weight="${n.start ? 700 : 600}" fill="${TEXT}">${title}</text>`);
    if (subtitle) parts.push(`<text x="${b.x + 10}" y="${b.y + 40}" font-size="11" fill="${MUTED_TEXT}">${subtitle}</text>`);
  }
  parts.push("</svg>");
  return parts.join("\n");
}

/** The SVG rendered into a PNG, twice its size. */
export async function toPng(svg: string): Promise<Blob> {
  const image = new Image();
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error("svg"));
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await loaded;
  const canvas = document.createElement("canvas");
  canvas.width = image.width * 2;
  canvas.height = image.height * 2;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("canvas");
  context.scale(2, 2);
  context.drawImage(image, 0, 0);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("png"))), "image/png"));
}

/** Offer `blob` as a download named `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
