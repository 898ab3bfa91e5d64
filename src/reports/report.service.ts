/**
 * Runs a report: reads its options, loads its data in one database session, and renders it as
 * PDF or CSV in the chosen language — or returns its rows (scenario op, API).
 */
import { randomUUID } from 'crypto';
import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Clock } from '../common/clock';
import { ValidationError } from '../common/errors';
import { SqlSession, withSession } from '../database/sql-session';
import { loadCostingSetup } from '../setup/costing-setup';
import { reportDefinition } from './report-catalog';
import type { PrintedOption, ReportData, ReportDefinition, ReportSetup } from './report-definition';
import { PdfRenderer, reportPdfRequest } from './rendering/pdf-renderer';
import { reportCsv } from './rendering/report-csv';
import { ReportLocale, ReportLocaleName } from './rendering/report-locale';
import { renderChartSvg } from './rendering/chart-svg';
import { reportChart } from './rendering/report-charts';
import type { RawOptions } from './report-options';

export type ReportFormat = 'pdf' | 'csv';
export const REPORT_FORMATS: readonly ReportFormat[] = ['pdf', 'csv'];

export interface RenderRequest {
  format: ReportFormat;
  locale: ReportLocaleName;
  userId: string;
  /** The run the report belongs to (a pipeline run); a fresh id otherwise. Printed in the footer. */
  runId?: string;
  /** Dry runs print DRAFT across every page. */
  draft?: boolean;
  /** Time zone the generation time prints in. */
  timeZone?: string;
  /** The generation time to print: a close run gives its own start, so a resumed run prints the same. */
  generatedAt?: Date;
}

export interface RenderedReport {
  fileName: string;
  contentType: string;
  body: Buffer;
  runId: string;
  generatedAt: Date;
}

/** A report read and ready to print. */
export interface LoadedReport {
  definition: ReportDefinition<unknown>;
  options: unknown;
  data: ReportData;
  setup: ReportSetup;
}

export function parseFormat(value: unknown): ReportFormat {
  if (value === undefined || value === null || value === '') return 'pdf';
  const found = REPORT_FORMATS.find((f) => f === value);
  if (!found) throw ValidationError.at(undefined, 'format', `'${String(value)}' is not a report format (pdf, csv)`);
  return found;
}

async function loadReportSetup(sql: SqlSession, workDate: string, userId: string): Promise<ReportSetup> {
  const setup = await loadCostingSetup(sql, userId);
  return {
    companyName: setup.companyName,
    amountPrecision: setup.precisions.amount.toFixed(),
    unitAmountPrecision: setup.precisions.unitAmount.toFixed(),
    workDate,
    userId,
  };
}

function printed(option: PrintedOption, locale: ReportLocale): { label: string; value: string } {
  const v = option.value;
  const value =
    'text' in v
      ? v.text
      : 'date' in v
        ? v.date
          ? locale.date(v.date)
          : ''
        : 'yesNo' in v
          ? locale.text(v.yesNo ? 'value.yes' : 'value.no')
          : locale.text(v.label);
  return { label: locale.text(option.label), value };
}

/** The first-page chart of the reports that have one, as SVG for pdfmake (A4 less the margins). */
function pdfChart(
  name: string,
  data: ReportData,
  locale: ReportLocale,
  orientation: 'portrait' | 'landscape',
): { svg: string; width: number; height: number } | null {
  const option = reportChart(name, data, locale);
  if (!option) return null;
  const width = orientation === 'landscape' ? 560 : 520;
  const height = 200;
  return { svg: renderChartSvg(option, width, height, locale.name), width, height };
}

@Injectable()
export class ReportService {
  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly pdf: PdfRenderer,
  ) {}

  /** A report's data, read in one snapshot; renderLoaded prints it (a close reads the next report meanwhile). */
  async data(name: string, raw: RawOptions, userId: string): Promise<LoadedReport> {
    const definition = reportDefinition(name);
    return withSession(this.orm, async (sql) => {
      const setup = await loadReportSetup(sql, this.clock.today(), userId);
      const options = definition.parseOptions(raw, setup);
      // One snapshot for the whole report, so its figures cannot come from two moments.
      await sql.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // Aggregating a year of value entries joins two million-row tables: let the hash stay in memory.
      await sql.query("SET LOCAL work_mem = '64MB'");
      try {
        const data = await definition.load(sql, options, setup);
        return { definition, options, data, setup };
      } finally {
        await sql.query('COMMIT');
      }
    });
  }

  async rows(name: string, raw: RawOptions, userId: string): Promise<Record<string, unknown>[]> {
    return (await this.data(name, raw, userId)).data.rows;
  }

  async render(name: string, raw: RawOptions, request: RenderRequest): Promise<RenderedReport> {
    const [report] = await this.renderFormats(name, raw, request, [request.format]);
    return report;
  }

  /**
   * One report in several formats from one read of its data: a close writes every report as PDF
   * and CSV, and the data is most of a report's time (its queries walk the year's ledgers). The
   * files are the same bytes as rendering each format on its own; they share run id and time.
   */
  async renderFormats(name: string, raw: RawOptions, request: Omit<RenderRequest, 'format'>, formats: readonly ReportFormat[]): Promise<RenderedReport[]> {
    return this.renderLoaded(await this.data(name, raw, request.userId), request, formats);
  }

  /** The files of a report whose data is loaded; the PDF prints on the renderer's worker thread. */
  async renderLoaded(loaded: LoadedReport, request: Omit<RenderRequest, 'format'>, formats: readonly ReportFormat[]): Promise<RenderedReport[]> {
    const { definition, options, data, setup } = loaded;
    const precisions = { amount: setup.amountPrecision, unitAmount: setup.unitAmountPrecision };
    const locale = new ReportLocale(request.locale, precisions, request.timeZone);
    const runId = request.runId ?? randomUUID();
    const generatedAt = request.generatedAt ?? this.clock.now();
    const stamp = data.period.to ?? setup.workDate;
    const rendered: RenderedReport[] = [];
    for (const format of formats) {
      const fileName = `${definition.fileStem}_${stamp}_${request.locale}.${format}`;
      if (format === 'csv') {
        rendered.push({ fileName, contentType: 'text/csv; charset=utf-8', body: Buffer.from(reportCsv(data, locale), 'utf8'), runId, generatedAt });
        continue;
      }
      const meta = {
        company: setup.companyName,
        runId,
        generatedAt,
        draft: request.draft ?? false,
        options: definition.printedOptions(options).map((o) => printed(o, locale)),
        chart: pdfChart(definition.name, data, locale, definition.orientation),
      };
      const body = await this.pdf.renderReport(reportPdfRequest(definition, data, meta, { name: request.locale, precisions, timeZone: request.timeZone }));
      rendered.push({ fileName, contentType: 'application/pdf', body, runId, generatedAt });
    }
    return rendered;
  }
}
