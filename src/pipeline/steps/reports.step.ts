import { Injectable } from '@nestjs/common';
import type { ClosePeriod } from '../close-period';
import { parseLocale } from '../../reports/rendering/report-locale';
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
 * reconciliation's CSV is always written: the package carries it whatever the report set.
 */
@Injectable()
export class ReportsStep implements PipelineStep {
  readonly name = 'reports' as const;

  constructor(
    private readonly reports: ReportService,
    private readonly outputs: RunOutputStore,
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
    for (const [name, format] of wanted) {
      const report = await this.reports.render(name, reportOptionsFor(name, ctx.run.period), {
        format,
        locale: parseLocale(ctx.run.locale),
        userId: ctx.run.requestedBy,
        runId: ctx.run.id,
        draft: ctx.run.dryRun,
        generatedAt: ctx.run.createdAt,
      });
      const written = await this.outputs.write(ctx.runDir, report.fileName, report.body);
      files.push({ name: report.fileName, path: written.path, size: written.size, sha256: written.sha256, contentType: report.contentType });
      await ctx.progress({ filesWritten: files.length, filesTotal: wanted.length });
    }
    return { status: 'done', counts: { filesWritten: files.length, filesTotal: wanted.length }, output: { files } };
  }
}
