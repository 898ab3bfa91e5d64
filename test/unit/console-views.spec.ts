/**
 * The console's views and charts without a server (issue 14): templates escape every value (no
 * triple-stash anywhere), both languages have every label, Accept-Language picks the language,
 * and the report charts are drawn from the report's own rows and render to SVG on the server.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConsoleText, localeFromAcceptLanguage } from '../../src/console/console-locale';
import { ConsoleViews } from '../../src/console/console-views';
import { renderChartSvg } from '../../src/reports/rendering/chart-svg';
import { costSharesChart, inventoryValuationChart } from '../../src/reports/rendering/report-charts';
import { ReportLocale } from '../../src/reports/rendering/report-locale';
import type { ReportData } from '../../src/reports/report-definition';

const CONSOLE = path.resolve(__dirname, '../../templates/console');

function templates(): string[] {
  return ['layouts', 'partials', 'views'].flatMap((d) => fs.readdirSync(path.join(CONSOLE, d)).map((f) => path.join(CONSOLE, d, f)));
}

describe('console views', () => {
  it('never writes a value unescaped: no triple-stash and no {{& in any console template', () => {
    for (const file of templates()) expect([file, /\{\{\{|\{\{&/.test(fs.readFileSync(file, 'utf8'))]).toEqual([file, false]);
  });

  it('has every label in English and Norwegian, and every label a template names', () => {
    const en = JSON.parse(fs.readFileSync(path.join(CONSOLE, 'locales/en.json'), 'utf8')) as Record<string, string>;
    const nb = JSON.parse(fs.readFileSync(path.join(CONSOLE, 'locales/nb-NO.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(nb).sort()).toEqual(Object.keys(en).sort());
    const text = new ConsoleText('nb-NO');
    const used = templates().flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/\{\{t "([^"]+)"/g)].map((m) => m[1]));
    expect(used.filter((k) => !text.has(k))).toEqual([]);
  });

  it('escapes what it writes, also in attributes', () => {
    const views = new ConsoleViews();
    const html = views.render('error', {
      text: new ConsoleText('en'),
      title: 'x',
      message: '<script>alert("x")</script>',
      details: [{ field: '"><img src=x>', message: 'm' }],
      fragment: true,
    });
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toContain('"><img');
  });

  it.each([
    ['nb-NO,nb;q=0.9,en;q=0.8', 'nb-NO'],
    ['nn', 'nb-NO'],
    ['no-NO', 'nb-NO'],
    ['en-GB,en;q=0.9', 'en'],
    ['de-DE,de;q=0.9,nb;q=0.5', 'nb-NO'],
    ['en;q=0.4,nb;q=0.8', 'nb-NO'],
    ['fr', 'en'],
    [undefined, 'en'],
  ])('Accept-Language %s reads %s', (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });
});

describe('report charts', () => {
  const locale = new ReportLocale('nb-NO', { amount: '0.01', unitAmount: '0.00001' });
  const data = (rows: Record<string, unknown>[]): ReportData => ({ sections: [], rows, period: { from: '2026-10-01', to: '2026-10-31' } });

  it('Inventory Valuation: per posting group, the sums of the rows under the chart', () => {
    const option = inventoryValuationChart(
      data([
        { itemNo: 'A', inventoryPostingGroup: 'RESALE', openingValue: '10.10', increasesValue: '5.05', decreasesValue: '1.00', closingValue: '14.15' },
        { itemNo: 'B', inventoryPostingGroup: 'RESALE', openingValue: '0.20', increasesValue: '0', decreasesValue: '0', closingValue: '0.20' },
        { itemNo: 'C', inventoryPostingGroup: 'RAW', openingValue: '1', increasesValue: '2', decreasesValue: '3', closingValue: '0' },
      ]),
      locale,
    )!;
    expect((option.xAxis as { data: string[] }).data).toEqual(['RAW', 'RESALE']);
    expect((option.series as { name: string; data: number[] }[]).map((s) => [s.name, s.data])).toEqual([
      ['Ved start', [1, 10.3]],
      ['Økninger', [2, 5.05]],
      ['Reduksjoner', [3, 1]],
      ['Ved slutt', [0, 14.35]],
    ]);
    expect(inventoryValuationChart(data([]), locale)).toBeNull();
  });

  it('Cost Shares Breakdown: the shares summed over the rows; SSR gives an SVG with the labels in the language', () => {
    const option = costSharesChart(
      data([
        { material: '100.00', overhead: '5.00', variance: '-1.50', revaluation: '0', rounding: '0.01' },
        { material: '1900.00', overhead: '0', variance: '0', revaluation: '0', rounding: '0' },
      ]),
      locale,
    )!;
    expect((option.series as { data: number[] }[])[0].data).toEqual([2000, 5, -1.5, 0, 0.01]);
    const svg = renderChartSvg(option, 400, 200, 'nb-NO');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Kostnadsandeler');
    expect(svg).toMatch(/2\u00a0000|2 000/); // the axis in Norwegian: no-break space between thousands
  });
});
