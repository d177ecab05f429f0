/*
 * Apache ECharts from npm, only the parts the desk draws (bars, pies), rendered as SVG (sharp when
 * printed, exportable as a picture). Imported by the chart component with `import()`, so ECharts is
 * its own chunk, loaded when a chart first shows: never on other pages, never from a CDN.
 */
import { BarChart, PieChart } from "echarts/charts";
import { AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([BarChart, PieChart, AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer]);

export { echarts };
