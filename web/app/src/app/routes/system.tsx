import { useParams } from "react-router";

import { SystemPage } from "@/features/system/components/system-page";
import { decodeParam } from "@/lib/paths";

export function Component() {
  const code = decodeParam(useParams().code);
  return <SystemPage key={code} code={code} />;
}
