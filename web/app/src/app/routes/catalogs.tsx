import { CatalogBrowser } from "@/features/catalog/components/catalog-browser";

export function Component() {
  return <CatalogBrowser />;
}
