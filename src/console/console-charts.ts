/**
 * The console's own charts (issue 14), as ECharts option objects: plain data that the page hands
 * to ECharts in the browser (console-assets/console.js), and that renderChartSvg draws to SVG
 * on the server the same way. Figures are exact decimal strings until here; a chart is a
 * picture, drawn in floating point.
 */
import type { ChartOption } from '../reports/rendering/chart-svg';
import type { RunRecord } from '../pipeline/close-runs.store';
import type { ConsoleText } from './console-locale';

export interface PeriodPoint {
  label: string;
  inventory: string;
  glBalance: string;
  difference: string;
}

/** The inventory value and the G/L inventory balance at each period end, and their difference. */
export function periodBalancesChart(points: PeriodPoint[], text: ConsoleText): ChartOption {
  return {
    color: ['#2f5d8a', '#9bbb59', '#c0504d'],
    aria: { enabled: true },
    tooltip: { trigger: 'axis' },
    // The legend under the plot, the axis names above it: nothing overlaps at 390 px.
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 56, containLabel: true },
    xAxis: { type: 'category', data: points.map((p) => p.label) },
    yAxis: [
      { type: 'value', name: text.t('chart.value') },
      { type: 'value', name: text.t('chart.difference'), splitLine: { show: false } },
    ],
    series: [
      { name: text.t('chart.inventoryValue'), type: 'bar', data: points.map((p) => Number(p.inventory)) },
      { name: text.t('chart.glBalance'), type: 'bar', data: points.map((p) => Number(p.glBalance)) },
      { name: text.t('chart.difference'), type: 'line', yAxisIndex: 1, data: points.map((p) => Number(p.difference)) },
    ],
  };
}

/** A run's steps as bars on a time axis: when each started and how long it took (running: until now). */
export function runTimelineChart(run: RunRecord, now: Date, text: ConsoleText): ChartOption {
  const started = run.steps.map((s) => s.startedAt?.getTime()).filter((t): t is number => t !== undefined);
  const origin = started.length ? Math.min(...started) : now.getTime();
  const steps = run.steps;
  const offset = steps.map((s) => (s.startedAt ? (s.startedAt.getTime() - origin) / 1000 : 0));
  const length = steps.map((s) => (s.startedAt ? ((s.finishedAt ?? now).getTime() - s.startedAt.getTime()) / 1000 : 0));
  const colour: Record<string, string> = { done: '#3b7d3b', running: '#2f5d8a', failed: '#b03030', stopped: '#c07020', skipped: '#999999', pending: '#cccccc' };
  return {
    aria: { enabled: true },
    grid: { left: 8, right: 16, top: 10, bottom: 30, containLabel: true },
    xAxis: { type: 'value', name: text.t('chart.seconds'), nameLocation: 'middle', nameGap: 22 },
    yAxis: { type: 'category', inverse: true, data: steps.map((s) => text.t(`step.${s.step}`)) },
    series: [
      { type: 'bar', stack: 't', silent: true, itemStyle: { color: 'transparent' }, data: offset },
      {
        type: 'bar',
        stack: 't',
        name: text.t('chart.duration'),
        data: steps.map((s, i) => ({ value: Math.max(length[i], 0.05), itemStyle: { color: colour[s.status] ?? '#999999' } })),
      },
    ],
  };
}
