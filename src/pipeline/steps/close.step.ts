import { Injectable } from '@nestjs/common';
import { InventoryPeriodsService } from '../../period-close/inventory-periods.service';
import type { PipelineStep, StepContext, StepResult } from './pipeline-step';

/**
 * Closes the inventory period (R115), creating it first when the schedule's period has none yet
 * (the schedule says which periods close). A period closed already — by an earlier attempt of
 * this run that was cut off, or by hand — is not closed again: the step notes it and goes on.
 * The close itself refuses, naming the cause, what R115 refuses (an earlier open period, open
 * outbound entries, unadjusted entries).
 */
@Injectable()
export class CloseStep implements PipelineStep {
  readonly name = 'close' as const;

  constructor(private readonly periods: InventoryPeriodsService) {}

  async run(ctx: StepContext): Promise<StepResult> {
    if (ctx.run.dryRun) return { status: 'skipped', reason: 'dry run: the period is not closed' };
    const endingDate = ctx.run.period.endingDate;
    const created = await this.periods.ensure(endingDate, ctx.run.period.label, ctx.run.requestedBy);
    const state = (await this.periods.list()).find((p) => p.endingDate === endingDate);
    if (state?.closed) return { status: 'done', output: { endingDate, alreadyClosed: true, periodCreated: created } };
    const closed = await this.periods.close(endingDate, ctx.run.requestedBy);
    return {
      status: 'done',
      counts: { inventoryPeriodEntryNo: closed.inventoryPeriodEntryNo },
      output: { endingDate, alreadyClosed: false, periodCreated: created },
    };
  }
}
