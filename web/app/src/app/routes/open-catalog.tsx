import { OpenCatalogPage } from "@/features/catalog/components/derived-catalogs";

export function Component() {
  return <OpenCatalogPage />;
}
