/* /resources/<code>: the code may come encoded (101001%2F000001) or not (101001/000001). */
import { useParams } from "react-router";

import { ResourcePage } from "@/features/resource/components/resource-page";
import { decodeParam } from "@/lib/paths";

export function Component() {
  const code = decodeParam(useParams()["*"]);
  return <ResourcePage key={code} code={code} />;
}
