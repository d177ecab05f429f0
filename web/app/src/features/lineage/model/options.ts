/*
 * The picture's question, as the page's URL carries it (/lineage?code=…&direction=BOTH&depth=6&kinds=DERIVATION),
 * so a link (from the resource page, GraphiQL's panel, a colleague) opens the same picture. Old explorer
 * links (/explore#code=…) carry it in the fragment; those are read too.
 */
import type { FlowDirection, FlowKind, LineageLevel } from "@/generated/types";

export const FLOW_KINDS: FlowKind[] = ["DERIVATION", "COLLECTION", "HOLDING", "PROVISION", "AGGREGATION", "PUBLICATION", "USE", "CITATION"];
export const DIRECTIONS: FlowDirection[] = ["UPSTREAM", "BOTH", "DOWNSTREAM"];
export const MAX_DEPTH = 12;

export interface LineageOptions {
  code: string;
  direction: FlowDirection;
  depth: number;
  level: LineageLevel;
  kinds: FlowKind[];
}

/** What a start of each kind is seen with by default: derivation, and the step that joins it to resources. */
const BRIDGE: Record<string, FlowKind[]> = {
  Resource: [],
  DataItem: [],
  System: ["HOLDING"],
  Department: ["PROVISION"],
  Platform: ["AGGREGATION", "PUBLICATION"],
  Consumer: ["USE"],
};

/** The kind of node a code names by its form: an item (with #), a resource (digits/digits), else unknown. */
export function kindOfCode(code: string): string | null {
  if (code.includes("#")) return "DataItem";
  if (/^\d{6}\/\d{6}$/.test(code.trim())) return "Resource";
  return null;
}

/** The default question about a start of `kind` (null: not known from its code). */
export function defaults(code: string, kind: string | null): LineageOptions {
  const near = kind === "Resource" || kind === "DataItem";
  const bridge = kind ? (BRIDGE[kind] ?? []) : ["HOLDING", "PROVISION", "AGGREGATION", "PUBLICATION", "USE"];
  return {
    code,
    direction: "BOTH",
    depth: near ? 6 : 1,
    level: kind === "DataItem" ? "ITEM" : "RESOURCE",
    kinds: ["DERIVATION", ...(bridge as FlowKind[])],
  };
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** The question a URL asks (query string first, then an old explorer link's fragment). */
export function readOptions(search: string, hash = ""): LineageOptions | null {
  const query = new URLSearchParams(search);
  const fragment = new URLSearchParams(hash.replace(/^#/, ""));
  const get = (name: string) => query.get(name) ?? fragment.get(name);
  const code = (get("code") ?? "").trim();
  if (!code) return null;
  const base = defaults(code, kindOfCode(code));
  const depth = Number.parseInt(get("depth") ?? "", 10);
  const kinds = (get("kinds") ?? get("follow") ?? "")
    .split(",")
    .map((k) => k.trim().toUpperCase())
    .filter((k): k is FlowKind => (FLOW_KINDS as string[]).includes(k));
  return {
    code,
    direction: oneOf(get("direction"), DIRECTIONS, base.direction),
    depth: Number.isFinite(depth) && depth >= 1 && depth <= MAX_DEPTH ? depth : base.depth,
    level: oneOf(get("level"), ["RESOURCE", "ITEM"] as const, base.level),
    kinds: kinds.length ? [...new Set(kinds)] : base.kinds,
  };
}

/** The query string of a question. */
export function writeOptions(options: LineageOptions): string {
  const query = new URLSearchParams({
    code: options.code,
    direction: options.direction,
    depth: String(options.depth),
    level: options.level,
    kinds: options.kinds.join(","),
  });
  return `?${query.toString()}`;
}
