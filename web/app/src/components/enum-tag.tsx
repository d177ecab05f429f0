/* An enum value as a tag with its Chinese label (lib/labels) and a colour by how open it is. */
import { Tag } from "antd";

import { type EnumName, useLabels } from "@/lib/labels";

const COLOURS: Record<string, string> = {
  UNCONDITIONAL: "green",
  CONDITIONAL: "gold",
  NOT_SHARED: "red",
  NOT_OPEN: "default",
};

export function EnumTag({ name, value }: { name: EnumName; value: string | null | undefined }) {
  const labels = useLabels();
  if (value === null || value === undefined) return <>{labels.enumLabel(name, value)}</>;
  return <Tag color={COLOURS[value] ?? "blue"}>{labels.enumLabel(name, value)}</Tag>;
}
