/**
 * A report printed to PDF on a worker thread (PdfRenderer's pool). pdfmake lays out every cell
 * synchronously — 3 s for the Inventory Valuation of 5,000 items, 9 s for a Cost Specification
 * of 500 pages — and on the service's own thread that stops every HTTP request, and the close's
 * next report query, for as long. The document is built here from plain data (a pdfmake
 * definition carries functions, for header and footer, which cannot cross threads).
 */
import type { ReportData } from '../report-definition';
import { printPdf } from './pdf-printer';
import { ReportLocale, ReportLocaleName } from './report-locale';
import { ReportLayout, ReportMeta, reportDocument } from './report-pdf';

/** Everything a report's PDF depends on, as data a thread can be handed. */
export interface ReportPdfRequest {
  /** Title, template and orientation of the report (its definition, which the thread does not load: some import services). */
  report: ReportLayout;
  /** What the PDF prints of the report's data (its rows are for the API and CSV only). */
  data: Pick<ReportData, 'sections' | 'period' | 'notes'>;
  meta: ReportMeta;
  locale: { name: ReportLocaleName; precisions: { amount: string; unitAmount: string }; timeZone?: string };
}

/** The request for a report's PDF: what printing takes of its definition and data (a definition also carries functions, which cannot cross threads). */
export function reportPdfRequest(definition: ReportLayout, data: ReportData, meta: ReportMeta, locale: ReportPdfRequest['locale']): ReportPdfRequest {
  return {
    report: { title: definition.title, fileStem: definition.fileStem, orientation: definition.orientation },
    data: { sections: data.sections, period: data.period, notes: data.notes },
    meta,
    locale,
  };
}

export function printReport(request: ReportPdfRequest): Promise<Buffer> {
  const locale = new ReportLocale(request.locale.name, request.locale.precisions, request.locale.timeZone);
  const data: ReportData = { ...request.data, rows: [] };
  return printPdf(reportDocument(request.report, data, request.meta, locale));
}

/** The pool's entry point. The bytes go back as a Uint8Array (copied; a Buffer may share its memory with others). */
export default async function renderReportPdf(request: ReportPdfRequest): Promise<Uint8Array> {
  return printReport(request);
}
