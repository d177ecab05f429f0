/*
 * The EIC's desk: findings triage, the migration board, consolidation candidates and the annual
 * report, one tab each (the tab is in the URL, so a link or the back button returns to it).
 * The app shows it to the EIC and the leading group; the server decides what each sees regardless.
 */
import { Tabs, Typography } from "antd";
import { useSearchParams } from "react-router";

import { ConsolidationPanel } from "@/features/eic/components/consolidation-panel";
import { FindingsPanel } from "@/features/eic/components/findings-panel";
import { MigrationBoard } from "@/features/eic/components/migration-board";
import { ReportPanel } from "@/features/eic/components/report-panel";
import { ScorecardsPanel } from "@/features/eic/components/scorecards-panel";
import { messages } from "@/lib/i18n";

const m = messages.eic;
const TABS = ["findings", "migration", "consolidation", "scorecards", "report"] as const;
type Tab = (typeof TABS)[number];

export function DeskPage() {
  const [params, setParams] = useSearchParams();
  const asked = params.get("tab");
  const tab: Tab = TABS.find((t) => t === asked) ?? "findings";
  return (
    <div>
      <Typography.Title level={1}>{m.title}</Typography.Title>
      <Typography.Paragraph type="secondary">{m.intro}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: false })}
        destroyOnHidden
        items={[
          { key: "findings", label: m.tabs.findings, children: <FindingsPanel /> },
          { key: "migration", label: m.tabs.migration, children: <MigrationBoard /> },
          { key: "consolidation", label: m.tabs.consolidation, children: <ConsolidationPanel /> },
          { key: "scorecards", label: m.tabs.scorecards, children: <ScorecardsPanel /> },
          { key: "report", label: m.tabs.report, children: <ReportPanel /> },
        ]}
      />
    </div>
  );
}
