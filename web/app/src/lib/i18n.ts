/*
 * The words the app shows: Ant Design's zh_CN locale (its own components) plus ours (src/locales).
 * Components read `messages`; none holds text of its own (ESLint refuses Chinese outside src/locales).
 */
import { zhCN } from "@/locales/zh-CN";

export const messages = zhCN;
export type Messages = typeof zhCN;

/** `template` with each `{name}` replaced by `values[name]`. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
