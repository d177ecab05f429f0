/* /lineage?code=…&direction=…&depth=…&level=…&kinds=…: the lineage picture. */
import { LineagePage } from "@/features/lineage/components/lineage-page";

export function Component() {
  return <LineagePage />;
}
