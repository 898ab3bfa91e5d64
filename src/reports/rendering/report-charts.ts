/**
 * The charts on the first page of two reports (issue 14), drawn from the report's own rows —
 * the rows of the table under the chart — so that the picture cannot disagree with the figures:
 *
 * - Inventory Valuation: per inventory posting group, the value at the start, the increases,
 *   the decreases and the value at the end of the period (sums of the detail rows);
 * - Cost Shares Breakdown: the shares of the cost (material, overhead, variance, revaluation,
 *   rounding), summed over the rows, as a bar each.
 *
 * Sums are exact (Dec); the chart gets numbers only at the end, because a picture is drawn in
 * floating point. The option objects are plain data, the same the console gives ECharts.
 */
import { Dec, ZERO } from '../../common/decimal';
import type { ReportData } from '../report-definition';
import type { ChartOption } from './chart-svg';
import type { ReportLocale } from './report-locale';

const PALETTE = ['#2f5d8a', '#5b9bd5', '#c0504d', '#1f3b57', '#8064a2', '#9bbb59'];

function sum(rows: Record<string, unknown>[], key: string): Dec {
  return rows.reduce((s, r) => s.plus(new Dec((r[key] as string | undefined) ?? 0)), ZERO);
}

function base(locale: ReportLocale, title: string): ChartOption {
  return {
    color: PALETTE,
    textStyle: { fontFamily: 'Roboto, Arial, sans-serif', fontSize: 8 },
    title: { text: title, left: 0, top: 0, textStyle: { fontSize: 11, fontWeight: 'bold' } },
    grid: { left: 70, right: 12, top: 36, bottom: 42 },
    legend: { bottom: 0, itemWidth: 10, itemHeight: 8, textStyle: { fontSize: 8 } },
    yAxis: { type: 'value', axisLabel: { fontSize: 8 } },
    aria: { enabled: true },
    locale: locale.name,
  };
}

export function inventoryValuationChart(data: ReportData, locale: ReportLocale): ChartOption | null {
  const rows = data.rows;
  if (rows.length === 0) return null;
  const groups = [...new Set(rows.map((r) => String(r.inventoryPostingGroup ?? '')))].sort();
  const series = (['openingValue', 'increasesValue', 'decreasesValue', 'closingValue'] as const).map((key) => ({
    name: locale.text(`chart.valuation.${key}`),
    type: 'bar',
    data: groups.map((g) =>
      sum(
        rows.filter((r) => String(r.inventoryPostingGroup ?? '') === g),
        key,
      ).toNumber(),
    ),
  }));
  const option = base(locale, locale.text('chart.valuation.title'));
  return { ...option, xAxis: { type: 'category', data: groups.map((g) => g || '—'), axisLabel: { fontSize: 8, interval: 0 } }, series };
}

export function costSharesChart(data: ReportData, locale: ReportLocale): ChartOption | null {
  const rows = data.rows;
  if (rows.length === 0) return null;
  // The shares the table prints (production columns only when production is in the figures).
  const columns = data.sections[0]?.columns.map((c) => c.key);
  const shares = ['material', 'capacity', 'capOverhead', 'overhead', 'mfgOverhead', 'subcontracted', 'variance', 'revaluation', 'rounding'].filter((s) =>
    columns ? columns.includes(s) : ['material', 'overhead', 'variance', 'revaluation', 'rounding'].includes(s),
  );
  const option = base(locale, locale.text('chart.costShares.title'));
  return {
    ...option,
    legend: { show: false },
    xAxis: {
      type: 'category',
      // The table's own column labels; slanted when the production columns make them many.
      data: shares.map((s) => locale.text(data.sections[0]?.columns.find((c) => c.key === s)?.label ?? `column.${s}`)),
      axisLabel: { fontSize: 8, interval: 0, rotate: shares.length > 5 ? 20 : 0 },
    },
    series: [{ name: locale.text('chart.costShares.title'), type: 'bar', barMaxWidth: 60, data: shares.map((s) => sum(rows, s).toNumber()) }],
  };
}

/** The chart a report prints on its first page, if it has one. */
export function reportChart(reportName: string, data: ReportData, locale: ReportLocale): ChartOption | null {
  if (reportName === 'inventoryValuation') return inventoryValuationChart(data, locale);
  if (reportName === 'costSharesBreakdown') return costSharesChart(data, locale);
  return null;
}
