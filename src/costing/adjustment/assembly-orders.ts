/**
 * Order-level adjustment of assembly orders (R40, R41 step 2, R96): each adjustment recomputes an
 * order's cost from its consumption and resource entries as they stand now and posts the
 * difference on the output entry, by value entry type and, for a Standard item, by variance type,
 * so that the output keeps its standard cost and the variances show where the difference came from.
 */
import { Dec, ZERO } from '../../common/decimal';
import { assemblyAdjustment, AssemblyOutputCost } from '../assembly/assembly-costing';
import type { ProductionVarianceType } from '../production/order-invoicing';
import type { CostShares } from '../standard-cost/calculate-standard-cost';
import type { AdjustmentBook } from './adjustment-book';

export interface AssemblyOrderInput {
  kind: 'Assembly';
  orderNo: string;
  outputEntryNo: number;
  consumptionEntryNos: readonly number[];
  /** The order's resource capacity costs (they do not change after posting). */
  resources: readonly { direct: Dec; overhead: Dec }[];
  /** The assembled item's manufacturing overhead. */
  indirectCostPercent: Dec;
  overheadRate: Dec;
  /** A Standard item's standard cost and single-level shares per unit, as they stand at this adjustment; else null. */
  standard: { standardCost: Dec; sharesPerUnit: CostShares } | null;
}

/** Brings the order's output to what its components and resources cost now; true when it changed. */
export function adjustAssemblyOutput(book: AdjustmentBook, order: AssemblyOrderInput): boolean {
  const output = book.entry(order.outputEntryNo);
  let consumptionCost = ZERO;
  for (const no of order.consumptionEntryNos)
    for (const v of book.valuesOf(no)) if (v.entryType !== 'Rounding') consumptionCost = consumptionCost.plus(v.costAmountActual).plus(v.costAmountExpected);
  const holds: AssemblyOutputCost = { direct: ZERO, indirect: ZERO, variances: [] };
  const variances = new Map<ProductionVarianceType, Dec>();
  for (const v of book.valuesOf(output.entryNo)) {
    const amount = v.costAmountActual.plus(v.costAmountExpected);
    if (v.entryType === 'DirectCost') holds.direct = holds.direct.plus(amount);
    else if (v.entryType === 'IndirectCost') holds.indirect = holds.indirect.plus(amount);
    else if (v.entryType === 'Variance' && v.varianceType && v.varianceType !== 'Purchase') {
      const type = v.varianceType as ProductionVarianceType;
      variances.set(type, (variances.get(type) ?? ZERO).plus(amount));
    }
  }
  holds.variances = [...variances].map(([type, amount]) => ({ type, amount }));
  const delta = assemblyAdjustment(
    {
      consumptionCost,
      resources: order.resources,
      quantity: output.quantity,
      indirectCostPercent: order.indirectCostPercent,
      overheadRate: order.overheadRate,
      standard: order.standard,
      amountPrecision: book.settings.precisions.amount,
    },
    holds,
  );
  let changed = false;
  if (!delta.direct.isZero()) {
    book.writeOrderAdjustment(output, 'DirectCost', null, delta.direct);
    changed = true;
  }
  if (!delta.indirect.isZero()) {
    book.writeOrderAdjustment(output, 'IndirectCost', null, delta.indirect);
    changed = true;
  }
  for (const v of delta.variances) {
    book.writeOrderAdjustment(output, 'Variance', v.type, v.amount);
    changed = true;
  }
  return changed;
}
