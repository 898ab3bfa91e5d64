import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { randomUUID } from 'crypto';
import type { ClosePeriod } from '../close-period';
import { withSession } from '../../database/sql-session';
import { JobDispatcher } from '../../jobs/job-dispatcher';
import { JobOutputsRepository } from '../../jobs/job-outputs.repository';
import { RENDER_REPORT_QUEUE, renderRequestOf, RenderReportJob } from '../../reports/report-render.job';
import { RenderedReport, ReportFormat, ReportService } from '../../reports/report.service';
import { RunOutputStore } from '../run-output-store';
import type { PipelineStep, StepContext, StepResult } from './pipeline-step';

/** The options each report is printed with for a period (its own options, as the API takes them). */
export function reportOptionsFor(name: string, period: ClosePeriod): Record<string, unknown> {
  switch (name) {
    case 'inventoryValuation':
      return { startDate: period.startingDate, endDate: period.endingDate };
    case 'costSpecification':
      return { valuationDate: period.endingDate };
    case 'costSharesBreakdown':
      return { printCostShareFor: 'Sales', startDate: period.startingDate, endDate: period.endingDate };
    case 'inventoryGLReconciliation':
      return { endDate: period.endingDate };
    case 'closeInventoryPeriodTest':
      return { endingDate: period.endingDate };
    case 'inventoryValuationWip':
      return { startDate: period.startingDate, endDate: period.endingDate };
    default:
      throw new Error(`no close options for report ${name}`);
  }
}

/** Resolves when `p` settles, whichever way. */
function settled(p: Promise<unknown>): Promise<void> {
  return p.then(
    () => undefined,
    () => undefined,
  );
}

/** The formats wanted of each report, reports in the order they first appear. */
function formatsByReport(wanted: readonly [string, ReportFormat][]): Map<string, ReportFormat[]> {
  const byReport = new Map<string, ReportFormat[]>();
  for (const [name, format] of wanted) {
    const formats = byReport.get(name);
    if (formats) formats.push(format);
    else byReport.set(name, [format]);
  }
  return byReport;
}

export interface WrittenReport {
  name: string;
  path: string;
  size: number;
  sha256: string;
  contentType: string;
}

/**
 * The run's reports, PDF and CSV each, in the run's language, printed with the run's start as
 * generation time and its id (so a resumed run writes the same files), DRAFT on a dry run. The
 * reconciliation's CSV is always written: the package carries it whatever the report set. With
 * job workers alive each file is rendered as a job of its own, in parallel (issue 13), and comes
 * back through the database; the files are the same bytes either way.
 */
@Injectable()
export class ReportsStep implements PipelineStep {
  readonly name = 'reports' as const;

  constructor(
    private readonly orm: MikroORM,
    private readonly reports: ReportService,
    private readonly outputs: RunOutputStore,
    private readonly jobs: JobDispatcher,
    private readonly jobOutputs: JobOutputsRepository,
  ) {}

  async run(ctx: StepContext): Promise<StepResult> {
    const wanted: [string, ReportFormat][] = ctx.run.reports.flatMap(
      (r) =>
        [
          [r, 'pdf'],
          [r, 'csv'],
        ] as [string, ReportFormat][],
    );
    if (!ctx.run.reports.includes('inventoryGLReconciliation')) wanted.push(['inventoryGLReconciliation', 'csv']);
    const files: WrittenReport[] = [];
    const store = async (report: { fileName: string; body: Buffer; contentType: string }) => {
      const written = await this.outputs.write(ctx.runDir, report.fileName, report.body);
      files.push({ name: report.fileName, path: written.path, size: written.size, sha256: written.sha256, contentType: report.contentType });
    };
    const request = (name: string, format: ReportFormat): RenderReportJob => ({
      runId: ctx.run.id,
      name,
      options: reportOptionsFor(name, ctx.run.period),
      format,
      locale: ctx.run.locale,
      userId: ctx.run.requestedBy,
      draft: ctx.run.dryRun,
      generatedAt: ctx.run.createdAt.toISOString(),
    });
    if (wanted.length > 1 && (await this.jobs.workerSlots()) > 0) {
      const jobs = wanted.map(([name, format]) => ({ id: randomUUID(), data: request(name, format) }));
      await withSession(this.orm, (sql) => this.jobOutputs.deleteRun(sql, ctx.run.id));
      await this.jobs.runAll<RenderReportJob>({
        queue: RENDER_REPORT_QUEUE,
        jobs,
        doneIds: () =>
          withSession(this.orm, (sql) =>
            this.jobOutputs.doneIds(
              sql,
              jobs.map((j) => j.id),
            ),
          ),
        onProgress: (done) => ctx.progress({ filesRendered: done.size, filesTotal: wanted.length }),
        describe: (job) => `The ${job.data.format.toUpperCase()} of report ${job.data.name}`,
      });
      // Written in the order of the list, as without workers.
      for (const job of jobs) {
        const output = await withSession(this.orm, (sql) => this.jobOutputs.read(sql, job.id));
        await store({ fileName: output.name, body: output.body, contentType: output.contentType });
      }
      await withSession(this.orm, (sql) => this.jobOutputs.deleteRun(sql, ctx.run.id));
    } else
      await this.renderHere(formatsByReport(wanted), request, async (report) => {
        await store(report);
        await ctx.progress({ filesWritten: files.length, filesTotal: wanted.length });
      });
    return { status: 'done', counts: { filesWritten: files.length, filesTotal: wanted.length }, output: { files } };
  }

  /**
   * In this process: a report's data is read once for all its files, and while one report prints
   * (on the PDF renderer's thread) the next one's data is read — one query at a time, as before,
   * but the database and the printing no longer wait for each other. At most one report is read
   * ahead of the one printing (a year's report data and a 500-page layout are each hundreds of
   * MB). Files are handed to `store` in the list's order; the first failure in that order is the
   * step's, and no later report is read after a read failed.
   */
  private async renderHere(
    byReport: Map<string, ReportFormat[]>,
    request: (name: string, format: ReportFormat) => RenderReportJob,
    store: (report: RenderedReport) => Promise<void>,
  ): Promise<void> {
    let previousRead: Promise<unknown> = Promise.resolve();
    const rendered: Promise<RenderedReport[]>[] = [];
    for (const [name, formats] of byReport) {
      const job = request(name, formats[0]);
      const printedBefore = rendered.length > 1 ? settled(rendered[rendered.length - 2]) : Promise.resolve();
      const read = Promise.all([previousRead, printedBefore]).then(() => this.reports.data(job.name, job.options, job.userId));
      previousRead = read;
      const files = read.then((loaded) => this.reports.renderLoaded(loaded, renderRequestOf(job), formats));
      // Awaited below, in order; until then a failure must not count as unhandled.
      files.catch(() => undefined);
      rendered.push(files);
    }
    for (const files of rendered) for (const report of await files) await store(report);
  }
}
