/* /impact?code=…: the impact of an error in a resource, as a list (Art.25–26). */
import { ImpactPage } from "@/features/lineage/components/impact-page";

export function Component() {
  return <ImpactPage />;
}
