/**
 * Apache ECharts on the server (issue 14): the same option object the console's pages give
 * ECharts in the browser, rendered to an SVG string without a canvas or a DOM (ECharts' SSR).
 * pdfmake embeds the SVG with its `svg` node. Animation is off: a file is one frame.
 */
import * as echarts from 'echarts';

export type ChartOption = Record<string, unknown>;

export function renderChartSvg(option: ChartOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
