import { Injectable } from '@nestjs/common';
import { Dec } from '../../common/decimal';
import { InventoryGLReconciliationService } from '../../reconciliation/inventory-gl-reconciliation.service';
import type { PipelineStep, StepContext, StepResult } from './pipeline-step';

/** The balance-sheet account types whose G/L balance must agree with inventory to close. */
const INVENTORY_TYPES = ['inventory', 'inventoryInterim', 'wipInventory'];

/**
 * Inventory – G/L Reconciliation (R123) as of the period's end, checked against the run's
 * tolerance. A difference beyond it stops the run before the period is closed, and the run says
 * why: each account type's difference with the causes it is made of.
 *
 * Decisions: the tolerance holds for the inventory accounts (Inventory, Inventory (Interim),
 * WIP) — what closing proves is that inventory and the G/L agree; differences on the other
 * account types (a direct posting's balancing P&L account, say) are shown, not held against it.
 * Expected cost the setup does not post to G/L (Expected Cost Posting to G/L off) is a choice, not
 * a discrepancy: shown, not held against it either. A dry run reports the same and goes on.
 */
@Injectable()
export class ReconcileStep implements PipelineStep {
  readonly name = 'reconcile' as const;

  constructor(private readonly reconciliation: InventoryGLReconciliationService) {}

  async run(ctx: StepContext): Promise<StepResult> {
    const r = await this.reconciliation.reconcile({ startDate: null, endDate: ctx.run.period.endingDate }, ctx.run.requestedBy);
    const tolerance = new Dec(ctx.run.tolerance);
    const differences = r.lines
      .filter((l) => !l.difference.isZero())
      .map((l) => {
        const causes = r.causes.filter((c) => c.accountType === l.accountType);
        const bySetup = causes.filter((c) => c.cause === 'expectedCostNotPosted').reduce((a, c) => a.plus(c.amount), new Dec(0));
        const counted = l.difference.minus(bySetup);
        return {
          accountType: l.accountType,
          difference: l.difference.toFixed(),
          counted: counted.toFixed(),
          beyondTolerance: INVENTORY_TYPES.includes(l.accountType) && counted.abs().greaterThan(tolerance),
          causes: causes.map((c) => ({ cause: c.cause, amount: c.amount.toFixed(), entryCount: c.entryCount })),
        };
      });
    const beyond = differences.filter((d) => d.beyondTolerance);
    const inventory = r.lines.find((l) => l.accountType === 'inventory');
    const output = {
      clean: beyond.length === 0,
      tolerance: tolerance.toFixed(),
      inventoryDifference: inventory ? inventory.difference.toFixed() : '0',
      differences,
      notes: r.notes,
    };
    const counts = { accountTypesWithDifference: differences.length, beyondTolerance: beyond.length };
    if (beyond.length === 0 || ctx.run.dryRun) return { status: 'done', counts, output };
    const why = beyond.map((d) => `${d.accountType} ${d.counted} (${d.causes.map((c) => `${c.cause} ${c.amount} in ${c.entryCount} entries`).join(', ')})`).join('; ');
    return { status: 'stopped', counts, output, reason: `Inventory and G/L differ beyond the tolerance of ${tolerance.toFixed()}: ${why}. The period is not closed; fix the causes and resume the run.` };
  }
}
