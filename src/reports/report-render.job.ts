import { Injectable, OnModuleInit } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { withSession } from '../database/sql-session';
import { JobHandlers } from '../jobs/job-handlers';
import type { QueuedJob } from '../jobs/job-queue';
import { JobOutputsRepository } from '../jobs/job-outputs.repository';
import { parseLocale } from './rendering/report-locale';
import { RenderedReport, RenderRequest, ReportFormat, ReportService } from './report.service';

export const RENDER_REPORT_QUEUE = 'render-report';

/** One report of a close run, to render on a worker: everything the file depends on is in here. */
export interface RenderReportJob {
  runId: string;
  name: string;
  options: Record<string, unknown>;
  format: ReportFormat;
  locale: string;
  userId: string;
  draft: boolean;
  /** The run's start (ISO): printed as the generation time, so every renderer writes the same bytes. */
  generatedAt: string;
}

/** Renders the report a request describes: the same bytes in a worker and in the run's own process. */
export async function renderRequested(reports: ReportService, d: RenderReportJob): Promise<RenderedReport> {
  const [report] = await renderRequestedFormats(reports, d, [d.format]);
  return report;
}

/** The request's report in each of `formats` (its own format is ignored), from one read of its data. */
export function renderRequestedFormats(reports: ReportService, d: RenderReportJob, formats: readonly ReportFormat[]): Promise<RenderedReport[]> {
  return reports.renderFormats(d.name, d.options, renderRequestOf(d), formats);
}

/** How a request's files print: its language, user, run, draft mark and generation time. */
export function renderRequestOf(d: RenderReportJob): Omit<RenderRequest, 'format'> {
  return { locale: parseLocale(d.locale), userId: d.userId, runId: d.runId, draft: d.draft, generatedAt: new Date(d.generatedAt) };
}

/**
 * A worker's side of rendering a close's reports in parallel (issue 13): renders one report and
 * leaves the file in `job_output` for the run, which writes it to its folder. Safe to run twice
 * (the same bytes are written again).
 */
@Injectable()
export class ReportRenderJob implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly reports: ReportService,
    private readonly outputs: JobOutputsRepository,
    private readonly handlers: JobHandlers,
  ) {}

  onModuleInit(): void {
    this.handlers.register<RenderReportJob>(RENDER_REPORT_QUEUE, (job) => this.handle(job));
  }

  async handle(job: QueuedJob<RenderReportJob>): Promise<void> {
    const report = await renderRequested(this.reports, job.data);
    await withSession(this.orm, (sql) =>
      this.outputs.save(sql, job.data.runId, { jobId: job.id, name: report.fileName, contentType: report.contentType, body: report.body }),
    );
  }
}
