import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { randomUUID } from 'crypto';
import type { ClosePeriod } from '../close-period';
import { withSession } from '../../database/sql-session';
import { JobDispatcher } from '../../jobs/job-dispatcher';
import { JobOutputsRepository } from '../../jobs/job-outputs.repository';
import { RENDER_REPORT_QUEUE, renderRequestedFormats, RenderReportJob } from '../../reports/report-render.job';
import { ReportFormat, ReportService } from '../../reports/report.service';
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
      // In this process a report's data is read once for both its files (the list keeps a
      // report's formats together, so the files are written in the list's order).
      for (const [name, formats] of formatsByReport(wanted)) {
        for (const report of await renderRequestedFormats(this.reports, request(name, formats[0]), formats)) {
          await store(report);
          await ctx.progress({ filesWritten: files.length, filesTotal: wanted.length });
        }
      }
    return { status: 'done', counts: { filesWritten: files.length, filesTotal: wanted.length }, output: { files } };
  }
}
