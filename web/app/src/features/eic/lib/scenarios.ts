/*
 * Named migration scenarios the EIC saves on this computer (localStorage): the plan's input
 * (capacity, pins) and what came of it (each system's wave, the warnings), to compare two side by
 * side. Nothing is sent to the server; a stored value that does not parse is dropped, not trusted.
 */
export type Pin = { system: string; wave: number };

export type Scenario = {
  name: string;
  savedAt: string;
  capacity: number | null;
  pins: Pin[];
  waves: number;
  placements: Record<string, number>;
  warnings: string[];
};

const KEY = "govgraph.eic.scenarios";
export const MAX_SCENARIOS = 20;
export const MAX_NAME = 40;

function valid(s: unknown): s is Scenario {
  if (typeof s !== "object" || s === null) return false;
  const o = s as Record<string, unknown>;
  return typeof o.name === "string" && typeof o.waves === "number" && typeof o.placements === "object" && Array.isArray(o.pins) && Array.isArray(o.warnings);
}

export function loadScenarios(): Scenario[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter(valid).slice(0, MAX_SCENARIOS) : [];
  } catch {
    return [];
  }
}

/** Saves `scenario`, replacing one of the same name; the newest first, at most MAX_SCENARIOS. */
export function saveScenario(scenario: Scenario): Scenario[] {
  const kept = [scenario, ...loadScenarios().filter((s) => s.name !== scenario.name)].slice(0, MAX_SCENARIOS);
  window.localStorage.setItem(KEY, JSON.stringify(kept));
  return kept;
}

export function deleteScenario(name: string): Scenario[] {
  const kept = loadScenarios().filter((s) => s.name !== name);
  window.localStorage.setItem(KEY, JSON.stringify(kept));
  return kept;
}

export type Comparison = {
  moved: { code: string; a: number | null; b: number | null }[];
  onlyA: string[];
  onlyB: string[];
};

/** What differs between two scenarios: systems in another wave (or only in one), warnings of one only. */
export function compare(a: Scenario, b: Scenario): Comparison {
  const codes = [...new Set([...Object.keys(a.placements), ...Object.keys(b.placements)])].sort();
  const moved = codes
    .map((code) => ({ code, a: a.placements[code] ?? null, b: b.placements[code] ?? null }))
    .filter((row) => row.a !== row.b);
  return { moved, onlyA: a.warnings.filter((w) => !b.warnings.includes(w)), onlyB: b.warnings.filter((w) => !a.warnings.includes(w)) };
}
