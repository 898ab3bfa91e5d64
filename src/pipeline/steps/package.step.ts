import { Injectable } from '@nestjs/common';
import { PeriodPackageService } from '../../period-package/period-package.service';
import { RunOutputStore } from '../run-output-store';
import type { PipelineStep, StepContext, StepResult } from './pipeline-step';
import type { WrittenReport } from './reports.step';

/**
 * The auditor package of the closed period (reports, ledger extracts, manifest chained to the
 * previous period's), stored in the package store, and a copy beside the reports. Built from the
 * files the reports step wrote and the run's own time. A package never changes (issue 15, item
 * 11): when the period's current package already documents this close (a resumed run, a second run
 * for a closed period) it is kept as it is and copied; after a reopen and a new close the period
 * gets a new revision (`…-r2.zip`). A dry run builds a draft package: same contents, marked
 * draft, recorded nowhere.
 */
@Injectable()
export class PackageStep implements PipelineStep {
  readonly name = 'package' as const;

  constructor(
    private readonly packages: PeriodPackageService,
    private readonly outputs: RunOutputStore,
  ) {}

  async run(ctx: StepContext): Promise<StepResult> {
    const reports = (ctx.outputOf('reports').files ?? []) as WrittenReport[];
    const files = await Promise.all(reports.map(async (r) => ({ name: r.name, content: await this.outputs.read(r.path) })));
    const built = await this.packages.build({
      periodStartingDate: ctx.run.period.startingDate,
      periodEndingDate: ctx.run.period.endingDate,
      runId: ctx.run.id,
      createdAt: ctx.run.createdAt,
      files,
      draft: ctx.run.dryRun,
    });
    const copy = await this.outputs.copyIn(ctx.runDir, built.path);
    return {
      status: 'done',
      counts: { files: built.manifest.files.length + 1, bytes: built.size, revision: built.revision },
      output: {
        fileName: built.fileName,
        path: built.path,
        copy,
        sha256: built.sha256,
        manifestSha256: built.manifestSha256,
        revision: built.revision,
        reused: built.reused,
        previous: built.manifest.previous,
        supersedes: built.manifest.supersedes ?? null,
        staleLaterPackages: built.staleLaterPackages,
      },
    };
  }
}
