/* An enum value as a tag with its Chinese label (lib/labels) and a colour by how open it is. */
import { Tag } from "antd";

import { type EnumName, useLabels } from "@/lib/labels";

// Solid colours with white text, each at least 4.5:1 (WCAG AA; axe-core checks it).
const COLOURS: Record<string, string> = {
  UNCONDITIONAL: "#237804",
  CONDITIONAL: "#874d00",
  NOT_SHARED: "#a8071a",
  NOT_OPEN: "#595959",
};

export function EnumTag({ name, value }: { name: EnumName; value: string | null | undefined }) {
  const labels = useLabels();
  if (value === null || value === undefined) return <>{labels.enumLabel(name, value)}</>;
  return <Tag color={COLOURS[value] ?? "#1f5fbf"}>{labels.enumLabel(name, value)}</Tag>;
}
