/**
 * Order-level adjustment of production orders (R39, R79, R94; scenario-format.md "Production
 * costing"): only a Finished order is adjusted. Its output entries get their share of the order's
 * actual cost — a Direct Cost entry that replaces their expected cost, an Indirect Cost entry for
 * the manufacturing overhead, and for a Standard item one Variance entry per cost share — and any
 * later change of its consumption or capacity moves them again, so that a Standard output stays at
 * standard (R75). Dated like the output (R108): the entries adjust it.
 */
import { Dec, ZERO } from '../../common/decimal';
import { invoiceFinishedOrder, OrderCapacityCost, ProductionVarianceType } from '../production/order-invoicing';
import type { CostShares } from '../standard-cost/calculate-standard-cost';
import type { AdjustmentBook } from './adjustment-book';

export interface ProductionOrderInput {
  kind: 'Production';
  orderNo: string;
  finished: boolean;
  outputEntryNos: readonly number[];
  consumptionEntryNos: readonly number[];
  capacity: readonly OrderCapacityCost[];
  /** Kept on the order from the item when it was released. */
  indirectCostPercent: Dec;
  overheadRate: Dec;
  /** A Standard item's single-level shares per unit at this adjustment; null for other methods. */
  standardSharesPerUnit: CostShares | null;
}

/** Brings one output entry of a finished order to its share of the order's actual cost; true when it changed. */
export function adjustProductionOutput(book: AdjustmentBook, order: ProductionOrderInput, outputEntryNo: number): boolean {
  if (!order.finished) return false;
  let consumptionCost = ZERO;
  for (const no of order.consumptionEntryNos)
    for (const v of book.valuesOf(no)) if (v.entryType !== 'Rounding') consumptionCost = consumptionCost.plus(v.costAmountActual).plus(v.costAmountExpected);
  const outputs = order.outputEntryNos.map((no) => ({
    entryNo: no,
    quantity: book.entry(no).quantity,
    expectedCost: book.valuesOf(no).reduce((sum, v) => sum.plus(v.costAmountExpected), ZERO),
  }));
  const invoice = invoiceFinishedOrder({
    consumptionCost,
    capacity: order.capacity,
    outputs,
    indirectCostPercent: order.indirectCostPercent,
    overheadRate: order.overheadRate,
    standardSharesPerUnit: order.standardSharesPerUnit,
    amountPrecision: book.settings.precisions.amount,
  }).find((i) => i.entryNo === outputEntryNo);
  if (!invoice) return false;

  const output = book.entry(outputEntryNo);
  let directActual = ZERO;
  let directExpected = ZERO;
  let indirect = ZERO;
  const variances = new Map<ProductionVarianceType, Dec>();
  for (const v of book.valuesOf(outputEntryNo)) {
    if (v.entryType === 'DirectCost') {
      directActual = directActual.plus(v.costAmountActual);
      directExpected = directExpected.plus(v.costAmountExpected);
    } else if (v.entryType === 'IndirectCost') indirect = indirect.plus(v.costAmountActual).plus(v.costAmountExpected);
    else if (v.entryType === 'Variance' && v.varianceType && v.varianceType !== 'Purchase') {
      const type = v.varianceType as ProductionVarianceType;
      variances.set(type, (variances.get(type) ?? ZERO).plus(v.costAmountActual));
    }
  }
  let changed = false;
  const firstInvoice = output.invoicedQuantity.isZero();
  const deltaActual = invoice.directActual.minus(directActual);
  if (!deltaActual.isZero() || !directExpected.isZero() || firstInvoice) {
    book.writeOrderAdjustment(output, 'DirectCost', null, deltaActual, {
      expected: directExpected.negated(),
      invoicedQuantity: firstInvoice ? output.quantity : ZERO,
    });
    if (firstInvoice) book.markInvoiced(output);
    changed = true;
  }
  const deltaIndirect = invoice.indirect.minus(indirect);
  if (!deltaIndirect.isZero()) {
    book.writeOrderAdjustment(output, 'IndirectCost', null, deltaIndirect);
    changed = true;
  }
  const target = new Map(invoice.variances.map((v) => [v.type, v.amount]));
  for (const type of new Set([...target.keys(), ...variances.keys()])) {
    const delta = (target.get(type) ?? ZERO).minus(variances.get(type) ?? ZERO);
    if (delta.isZero()) continue;
    book.writeOrderAdjustment(output, 'Variance', type, delta);
    changed = true;
  }
  return changed;
}
