import { TodoPage } from "@/features/decisions/components/todo-page";

export function Component() {
  return <TodoPage />;
}
