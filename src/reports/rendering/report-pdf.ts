/**
 * A report's pdfmake document: the template gives the frame, the sections are spliced in as
 * tables built in code, and the header and footer carry company, title, period, generation time,
 * run id and "page x of y" on every page.
 */
import type { ReportData, ReportDefinition } from '../report-definition';
import type { ReportLocale } from './report-locale';
import { isSectionMarker, renderTemplate } from './report-template';
import { PdfStyles, sectionNode } from './report-table';

export interface ReportMeta {
  company: string;
  runId: string;
  generatedAt: Date;
  draft: boolean;
  options: { label: string; value: string }[];
  /** A chart (SVG) printed on page 1 above the first table, drawn from the same rows (issue 14). */
  chart?: { svg: string; width: number; height: number } | null;
}

export function periodText(data: ReportData, locale: ReportLocale): string {
  const { from, to } = data.period;
  if (from && to) return `${locale.text('page.period')}: ${locale.text({ key: 'page.periodFromTo', values: { from: { date: from }, to: { date: to } } })}`;
  if (to) return `${locale.text('page.period')}: ${locale.text({ key: 'page.periodUpTo', values: { to: { date: to } } })}`;
  return `${locale.text('page.period')}: ${locale.text('page.periodAll')}`;
}

function splice(node: unknown, data: ReportData, locale: ReportLocale, chart: ReportMeta['chart'], styles: PdfStyles): unknown {
  if (isSectionMarker(node)) {
    const section = data.sections[node.$section];
    if (!section) throw new Error(`the template asks for section ${node.$section}; the report has ${data.sections.length}`);
    const table = sectionNode(section, locale, styles);
    // The chart goes above the first table, on page 1.
    if (node.$section === 0 && chart) return { stack: [{ svg: chart.svg, width: chart.width, height: chart.height, margin: [0, 4, 0, 10] }, table] };
    return table;
  }
  if (Array.isArray(node)) return node.map((n) => splice(n, data, locale, chart, styles));
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, splice(v, data, locale, chart, styles)]));
  return node;
}

/** What the PDF takes of a report's definition: title, template and page orientation. */
export type ReportLayout = Pick<ReportDefinition, 'title' | 'fileStem' | 'orientation'>;

export function reportDocument(definition: ReportLayout, data: ReportData, meta: ReportMeta, locale: ReportLocale): Record<string, unknown> {
  const title = locale.text(definition.title);
  const period = periodText(data, locale);
  const frame = renderTemplate(
    definition.fileStem,
    {
      orientation: definition.orientation,
      title,
      company: meta.company,
      subject: `${title} · ${meta.runId}`,
      draft: meta.draft,
      periodText: period,
      options: meta.options,
      notes: (data.notes ?? []).map((n) => locale.text(n)),
    },
    locale,
  );
  const doc = splice(frame, data, locale, meta.chart ?? null, (frame.styles ?? {}) as PdfStyles) as Record<string, unknown>;
  const margin = [28, 0, 28, 0];
  doc.header = (page: number) =>
    page === 1
      ? null
      : {
          columns: [{ text: `${meta.company} · ${title}${meta.draft ? ` · ${locale.text('page.draft')}` : ''}` }, { text: period, alignment: 'right' }],
          margin: [28, 24, 28, 0],
          fontSize: 7.5,
          color: '#444444',
        };
  doc.footer = (page: number, pages: number) => ({
    columns: [
      {
        text: `${locale.text({ key: 'page.generated', values: { time: locale.dateTime(meta.generatedAt) } })} · ${locale.text({ key: 'page.runId', values: { runId: meta.runId } })}`,
        width: '*',
      },
      { text: locale.text({ key: 'page.pageOf', values: { page: String(page), pages: String(pages) } }), alignment: 'right', width: 'auto' },
    ],
    margin: [margin[0], 16, margin[2], 0],
    fontSize: 7,
    color: '#444444',
  });
  // Fixed document dates make the same report at the same time byte-identical (packages are compared).
  doc.info = { ...(doc.info as object), creationDate: meta.generatedAt, modDate: meta.generatedAt };
  if (doc.watermark === null) delete doc.watermark;
  return doc;
}
