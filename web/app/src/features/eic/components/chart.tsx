/*
 * One ECharts chart (loaded lazily, see lib/echarts). It is a picture with a name (role="img" and
 * aria-label) and ECharts' own description for screen readers; every chart on the desk has a table
 * beside it with the same figures. Clicking a bar or slice calls `onPick` with its name.
 */
import type { EChartsCoreOption, EChartsType } from "echarts/core";
import { useEffect, useRef } from "react";

type Props = {
  label: string;
  option: EChartsCoreOption;
  height?: number;
  onPick?: (name: string, dataIndex: number) => void;
  /** Receives the chart once drawn (to export it as a picture). */
  onReady?: (chart: EChartsType) => void;
};

export function Chart({ label, option, height = 280, onPick, onReady }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const pick = useRef(onPick);
  useEffect(() => {
    pick.current = onPick;
  }, [onPick]);

  useEffect(() => {
    let live = true;
    let observer: ResizeObserver | null = null;
    void import("@/features/eic/lib/echarts").then(({ echarts }) => {
      if (!live || !box.current) return;
      const made = echarts.init(box.current, undefined, { renderer: "svg" });
      made.on("click", (params) => {
        const p = params as { name?: string; dataIndex?: number };
        if (p.name !== undefined) pick.current?.(p.name, p.dataIndex ?? 0);
      });
      chart.current = made;
      made.setOption({ aria: { enabled: true }, ...option });
      onReady?.(made);
      observer = new ResizeObserver(() => made.resize());
      observer.observe(box.current);
    });
    return () => {
      live = false;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
    // Drawn once; later options go through setOption below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, ...option }, { notMerge: true });
  }, [option]);

  return <div ref={box} role="img" aria-label={label} style={{ width: "100%", height }} />;
}
