/*
 * The label of every enum value the app shows, in ONE place: components call
 * `useLabels().enumLabel("ShareType", value)`, never a table of their own.
 *
 * The labels come from the API (`enumLabels`, asked once when the app starts, in the language the
 * browser asks for), so the app hard-codes none: node kinds and roles come the same way ("NodeKind",
 * "Role"). The enum names are checked against the schema (tools/enum-labels.cjs).
 */
import { useQuery } from "@apollo/client/react";
import { createContext, useContext, useMemo, type ReactNode } from "react";

import { Loading } from "@/components/query-state";
import { type EnumName } from "@/generated/enum-labels";
import { PUBLIC } from "@/lib/apollo";
import { messages } from "@/lib/i18n";
import { EnumLabelsDocument } from "@/lib/labels.generated";

export type { EnumName };

export type Labels = {
  /** The label of `value` of the enum `name`; the value itself when unknown, "—" when absent. */
  enumLabel(name: EnumName, value: string | null | undefined): string;
  /** The label of a role a token grants (DEPARTMENT_USER -> 部门用户). */
  roleLabel(code: string): string;
  /** The label of a kind of node, as `__typename` names it (Resource -> 信息资源). */
  kindLabel(typename: string): string;
};

function labelsFrom(table: Record<string, Record<string, string>>): Labels {
  const enumLabel = (name: string, value: string | null | undefined): string => {
    if (value === null || value === undefined) return messages.common.none;
    return table[name]?.[value] ?? value;
  };
  return { enumLabel, roleLabel: (code) => enumLabel("Role", code), kindLabel: (typename) => enumLabel("NodeKind", typename) };
}

const LabelsContext = createContext<Labels>(labelsFrom({}));

export function LabelsProvider({ children }: { children: ReactNode }) {
  // Anyone may read them: asked without the token, so a refused or expired one (the sign-in's to
  // explain) does not keep the app from its labels; on a failure the app shows codes meanwhile.
  const { data, error } = useQuery(EnumLabelsDocument, { context: PUBLIC });
  const labels = useMemo(() => {
    const table: Record<string, Record<string, string>> = {};
    for (const e of data?.enumLabels ?? []) table[e.name] = Object.fromEntries(e.values.map((v) => [v.value, v.label]));
    return labelsFrom(table);
  }, [data]);
  if (!data && !error) return <Loading />;
  return <LabelsContext.Provider value={labels}>{children}</LabelsContext.Provider>;
}

export function useLabels(): Labels {
  return useContext(LabelsContext);
}
