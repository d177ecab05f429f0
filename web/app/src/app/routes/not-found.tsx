import { NotFound } from "@/components/query-state";
import { messages } from "@/lib/i18n";

export function Component() {
  return <NotFound what={messages.shell.page} />;
}
