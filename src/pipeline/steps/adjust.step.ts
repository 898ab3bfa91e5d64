import { Injectable } from '@nestjs/common';
import { AdjustmentService } from '../../adjustment/adjustment.service';
import type { PipelineStep, StepContext, StepResult } from './pipeline-step';

/** Adjust Cost – Item Entries (R42) over everything flagged: a second run writes nothing. */
@Injectable()
export class AdjustStep implements PipelineStep {
  readonly name = 'adjust' as const;

  constructor(private readonly adjustment: AdjustmentService) {}

  async run(ctx: StepContext): Promise<StepResult> {
    const summary = await this.adjustment.adjust(ctx.run.requestedBy, {
      // With job workers alive the items go out as batches: batches done of total, and per worker.
      onProgress: (p) =>
        ctx.progress({
          itemsDone: p.itemsDone,
          itemsTotal: p.itemsTotal,
          entriesWritten: p.entriesWritten,
          ...(p.batchesTotal === undefined ? {} : { batchesDone: p.batchesDone, batchesTotal: p.batchesTotal, workers: p.workers }),
        }),
    });
    return {
      status: 'done',
      counts: {
        itemsTotal: summary.itemsWithWork,
        itemsDone: summary.itemsWithWork,
        itemsAdjusted: summary.itemsAdjusted,
        entriesWritten: summary.entriesWritten,
        roundingEntries: summary.roundingEntries,
        batches: summary.batches,
      },
      output: { warnings: summary.warnings },
    };
  }
}
