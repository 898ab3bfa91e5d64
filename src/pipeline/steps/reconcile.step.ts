import { Injectable } from '@nestjs/common';
import { Dec } from '../../common/decimal';
import { Cause, InventoryGLReconciliationService, ReconciliationCause } from '../../reconciliation/inventory-gl-reconciliation.service';
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
/**
 * Issue 15, item 4: causes that stop a close whatever the tolerance. A value entry that G/L
 * posting skipped (no posting setup, a posting date outside the allowed range) or did not reach
 * means the G/L does not hold the period's inventory; an unexplained difference means the ledgers
 * disagree in a way nobody can name. Expected cost the setup chooses not to post is not one.
 */
const BLOCKING: readonly Cause[] = ['notPostedToGL', 'skippedPostingDate', 'unexplained'];

function blockingCauses(causes: readonly ReconciliationCause[]): ReconciliationCause[] {
  return causes.filter((c) => BLOCKING.includes(c.cause) && (!c.amount.isZero() || c.entryCount > 0));
}

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
    const blocking = blockingCauses(r.causes);
    const inventory = r.lines.find((l) => l.accountType === 'inventory');
    const output = {
      clean: beyond.length === 0 && blocking.length === 0,
      blockingCauses: blocking.map((c) => ({ accountType: c.accountType, cause: c.cause, amount: c.amount.toFixed(), entryCount: c.entryCount })),
      tolerance: tolerance.toFixed(),
      inventoryDifference: inventory ? inventory.difference.toFixed() : '0',
      differences,
      notes: r.notes,
    };
    const counts = { accountTypesWithDifference: differences.length, beyondTolerance: beyond.length, blockingCauses: blocking.length };
    if ((beyond.length === 0 && blocking.length === 0) || ctx.run.dryRun) return { status: 'done', counts, output };
    const reasons: string[] = [];
    if (beyond.length) {
      const why = beyond
        .map((d) => `${d.accountType} ${d.counted} (${d.causes.map((c) => `${c.cause} ${c.amount} in ${c.entryCount} entries`).join(', ')})`)
        .join('; ');
      reasons.push(`Inventory and G/L differ beyond the tolerance of ${tolerance.toFixed()}: ${why}.`);
    }
    if (blocking.length) {
      const why = blocking.map((c) => `${c.accountType}: ${c.cause} ${c.amount.toFixed()}${c.entryCount ? ` in ${c.entryCount} entries` : ''}`).join('; ');
      reasons.push(`Value entries up to the period end are not posted to G/L, or the difference is not explained, whatever the tolerance: ${why}.`);
    }
    return { status: 'stopped', counts, output, reason: `${reasons.join(' ')} The period is not closed; fix the causes and resume the run.` };
  }
}
