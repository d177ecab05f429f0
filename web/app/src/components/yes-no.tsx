/* A yes/no attribute, in words (是/否). */
import { messages } from "@/lib/i18n";

export function YesNo({ value }: { value: boolean | null | undefined }) {
  if (value === null || value === undefined) return <>{messages.common.none}</>;
  return <>{value ? messages.common.yes : messages.common.no}</>;
}
