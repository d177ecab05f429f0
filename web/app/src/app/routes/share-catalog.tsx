import { ShareCatalogPage } from "@/features/catalog/components/derived-catalogs";

export function Component() {
  return <ShareCatalogPage />;
}
