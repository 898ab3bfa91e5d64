import { Injectable } from '@nestjs/common';
import { InventoryCostPostingService } from '../../posting/inventory-cost-posting.service';
import type { PipelineStep, StepContext, StepResult } from './pipeline-step';

/**
 * Post Inventory Cost to G/L (R99–R107), per posting group with the run's document number. It
 * posts only what is not posted yet, in one transaction: after a crash it posts the rest, never
 * anything twice. Entries it cannot post are listed; the reconciliation then names them.
 */
@Injectable()
export class PostStep implements PipelineStep {
  readonly name = 'post' as const;

  constructor(private readonly posting: InventoryCostPostingService) {}

  async run(ctx: StepContext): Promise<StepResult> {
    if (ctx.run.dryRun) return { status: 'skipped', reason: 'dry run: nothing is posted to G/L' };
    const result = await this.posting.post(ctx.run.requestedBy, { method: 'PerPostingGroup', documentNo: `CLOSE-${ctx.run.period.label}` });
    return {
      status: 'done',
      counts: {
        valueEntriesPosted: result.valueEntriesPosted,
        glEntries: result.glEntries,
        skipped: Object.values(result.skippedByReason).reduce((a, n) => a + n, 0),
      },
      output: { glRegisterNo: result.glRegisterNo, skippedByReason: result.skippedByReason, skipped: result.skipped.slice(0, 20) },
    };
  }
}
