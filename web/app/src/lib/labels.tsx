/*
 * The Chinese label of every enum value the app shows, in ONE place: components call
 * `useLabels().enumLabel("ShareType", value)`, never a table of their own.
 *
 * Today the labels come from the schema's enum value descriptions, exported at build time
 * (tools/enum-labels.cjs over schema.graphql), since the API has no labels query yet and
 * production turns introspection off. When the API serves them (e.g. `enumLabels { enum value label }`),
 * only `LabelsProvider` changes: it queries them once and provides the same `Labels`.
 * Roles are not a GraphQL enum yet; their labels are the app's own messages until they are.
 */
import { createContext, useContext, type ReactNode } from "react";

import { type EnumName, schemaEnumLabels } from "@/generated/enum-labels";
import { messages } from "@/lib/i18n";

export type { EnumName };

export type Labels = {
  /** The label of `value` of the enum `name`; the value itself when unknown, "—" when absent. */
  enumLabel(name: EnumName, value: string | null | undefined): string;
  /** The label of a role a token grants (DEPARTMENT_USER -> 部门用户). */
  roleLabel(code: string): string;
};

const table: Record<string, Record<string, string>> = schemaEnumLabels;
const roles: Record<string, string> = messages.roles;

const schemaLabels: Labels = {
  enumLabel(name, value) {
    if (value === null || value === undefined) return messages.common.none;
    return table[name]?.[value] ?? value;
  },
  roleLabel(code) {
    return roles[code] ?? code;
  },
};

const LabelsContext = createContext<Labels>(schemaLabels);

export function LabelsProvider({ children }: { children: ReactNode }) {
  return <LabelsContext.Provider value={schemaLabels}>{children}</LabelsContext.Provider>;
}

export function useLabels(): Labels {
  return useContext(LabelsContext);
}
