/*
 * The annual report (Art.34): the page the server serves at /report?year= (the same that
 * `govgraph report` writes), fetched with the signed-in token, shown here, printable and downloadable.
 */
import { Alert, Button, InputNumber, Space, Typography } from "antd";
import { useRef, useState } from "react";

import { download } from "@/features/eic/lib/csv";
import { authorisedFetch } from "@/lib/apollo";
import { fill, messages } from "@/lib/i18n";

const m = messages.eic.report;
const FIRST_YEAR = 2017;

type ErrorBody = { error?: { message?: string } };

export function ReportPanel() {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState<number>(thisYear - 1);
  const [read, setRead] = useState<{ year: number; html: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const frame = useRef<HTMLIFrameElement>(null);

  const html = read?.year === year ? read.html : null;

  const open = async () => {
    setLoading(true);
    setError(null);
    try {
      const response = await authorisedFetch(`/report?year=${year}`, { headers: { Accept: "text/html" } });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as ErrorBody;
        setError(body.error?.message ?? fill(messages.errors.http, { status: response.status }));
        return;
      }
      setRead({ year, html: await response.text() });
    } catch {
      setError(messages.errors.network);
    } finally {
      setLoading(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Typography.Paragraph>{m.intro}</Typography.Paragraph>
      <Space wrap align="center">
        <label htmlFor="gg-report-year">{m.year}</label>
        <InputNumber id="gg-report-year" min={FIRST_YEAR} max={thisYear} precision={0} value={year} onChange={(v) => typeof v === "number" && setYear(v)} />
        <Button type="primary" loading={loading} onClick={() => void open()}>{m.open}</Button>
        <Button disabled={!html} onClick={() => html && download(fill(m.fileName, { year }), html, "text/html;charset=utf-8")}>{m.download}</Button>
        <Button disabled={!html} onClick={() => frame.current?.contentWindow?.print()}>{m.print}</Button>
      </Space>
      {error && <Alert type="error" showIcon role="alert" message={m.failed} description={error} />}
      {html && <iframe ref={frame} title={fill(m.frameTitle, { year })} srcDoc={html} sandbox="allow-modals allow-same-origin" className="gg-report-frame" />}
    </Space>
  );
}
