/**
 * Apache ECharts on the server (issue 14): the same option object the console's pages give
 * ECharts in the browser, rendered to an SVG string without a canvas or a DOM (ECharts' SSR).
 * pdfmake embeds the SVG with its `svg` node. Animation is off: a file is one frame.
 */
import type * as Echarts from 'echarts';

/**
 * Loaded on first use: ECharts is large, and a process that draws no chart (a worker, the
 * adjustment or posting on their own) should not carry it (issue 10's benchmark: +75 MB peak).
 */
let echartsModule: typeof Echarts | undefined;
function echarts(): typeof Echarts {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (echartsModule ??= require('echarts') as typeof Echarts);
}

export type ChartOption = Record<string, unknown>;

/**
 * Value axes print their numbers in the report's language (ECharts' own labels always group with
 * commas). A formatter is a function, so it cannot travel in the option's JSON: the console's
 * script adds the same one in the browser (console-assets/console.js).
 */
export function localizeValueAxes(option: ChartOption, locale: string): ChartOption {
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const localize = (axes: unknown) =>
    (Array.isArray(axes) ? axes : axes ? [axes] : []).map((a: Record<string, unknown>) =>
      a.type === 'value' ? { ...a, axisLabel: { ...(a.axisLabel as object), formatter: (v: number) => format.format(v) } } : a,
    );
  return { ...option, xAxis: localize(option.xAxis), yAxis: localize(option.yAxis) };
}

export function renderChartSvg(option: ChartOption, width: number, height: number, locale = 'en'): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...localizeValueAxes(option, locale), animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
