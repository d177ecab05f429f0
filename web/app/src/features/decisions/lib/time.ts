/* Times as the district reads them: China Standard Time (UTC+8), whatever the browser's zone. */
import { fill, messages } from "@/lib/i18n";

const pad = (n: number) => String(n).padStart(2, "0");

/** "2025-03-03T02:00:00Z" (or with +08:00) -> "2025-03-03 10:00 北京时间"; the text itself when unreadable. */
export function chinaTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const china = new Date(at.getTime() + 8 * 3600 * 1000);
  const day = `${china.getUTCFullYear()}-${pad(china.getUTCMonth() + 1)}-${pad(china.getUTCDate())}`;
  return fill(messages.decisions.chinaTime, { day, time: `${pad(china.getUTCHours())}:${pad(china.getUTCMinutes())}` });
}
