/*
 * 导出 CSV: the table's current selection (its view and filter) as the national template, downloaded
 * with the signed-in user's token; says how many rows it wrote, or why the server refused.
 */
import { DownloadOutlined } from "@ant-design/icons";
import { Button, Space, Tooltip, Typography } from "antd";
import { useState } from "react";

import { downloadNationalCsv, ExportError, type ExportView } from "@/features/catalog/api/export";
import type { ResourceFilter } from "@/generated/types";
import { fill, messages } from "@/lib/i18n";

const m = messages.catalog;

type Props = { view: ExportView; filter: ResourceFilter; name: string; total: number | null };

/** The date in China (the file's name carries it, as the server's does). */
function chinaDate(): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());
}

export function ExportButton({ view, filter, name, total }: Props) {
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async () => {
    setBusy(true);
    setSaid(null);
    try {
      const rows = await downloadNationalCsv(view, filter, `${name}-${chinaDate()}.csv`);
      setSaid({ ok: true, text: fill(m.exported, { rows }) });
    } catch (error) {
      const detail = error instanceof ExportError && error.message ? error.message : error instanceof ExportError ? fill(messages.errors.http, { status: error.status }) : messages.errors.network;
      setSaid({ ok: false, text: fill(m.exportFailed, { detail }) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space wrap>
      <Tooltip title={m.exportHint}>
        <Button icon={<DownloadOutlined />} loading={busy} disabled={total === 0} onClick={() => void run()}>
          {total === null ? m.export : fill(m.exportCount, { total })}
        </Button>
      </Tooltip>
      <span role="status" aria-live="polite">
        {said && <Typography.Text strong={!said.ok}>{said.text}</Typography.Text>}
      </span>
    </Space>
  );
}
