/* Working days left before a deadline, or how many it is overdue (Art.20: 10; Art.22: 15). */
import { Tag } from "antd";

import { BLUE, BROWN, RED } from "@/features/decisions/lib/colours";
import { fill, messages } from "@/lib/i18n";

const m = messages.decisions;

export function DaysLeft({ days, due }: { days: number | null | undefined; due?: string | null }) {
  if (days === null || days === undefined) return null;
  const when = due ? fill(m.dueOn, { due }) : "";
  if (days < 0) return <Tag color={RED}>{fill(m.overdueDays, { days: -days }) + when}</Tag>;
  if (days === 0) return <Tag color={BROWN}>{m.dueToday + when}</Tag>;
  return <Tag color={days <= 3 ? BROWN : BLUE}>{fill(m.daysLeft, { days }) + when}</Tag>;
}
