import { useParams } from "react-router";

import { UsePage } from "@/features/decisions/components/use-page";
import { decodeParam } from "@/lib/paths";

export function Component() {
  const id = decodeParam(useParams().id);
  return <UsePage key={id} id={id} />;
}
