import { useParams } from "react-router";

import { DepartmentPage } from "@/features/department/components/department-page";
import { decodeParam } from "@/lib/paths";

export function Component() {
  const code = decodeParam(useParams().code);
  return <DepartmentPage key={code} code={code} />;
}
