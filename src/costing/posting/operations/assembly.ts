/**
 * Posting an assembly order in one step (R95; design-details-assembly-order-posting.md): the
 * component lines as Assembly Consumption decreases valued like any decrease of their costing
 * method, the resource lines as capacity ledger entries with their direct and overhead value
 * entries, then the header as an Assembly Output increase at the order's cost (at standard for a
 * Standard item). All at actual cost: no WIP, no expected cost. The output is put on the Applied
 * Entry to Adjust list so that the next adjustment settles it at order level (R96).
 */
import { Dec, roundTo, ZERO } from '../../../common/decimal';
import type { IsoDate } from '../../../common/dates';
import { ValidationError } from '../../../common/errors';
import { assemblyOutputAtPosting } from '../../assembly/assembly-costing';
import type { CapacityLedgerEntry, ItemLedgerEntry } from '../../types';
import { addCapacityValues } from './capacity';
import { applyInbound } from '../application';
import type { PostingKernel } from '../kernel';
import type { JournalLineOp } from '../operations';
import { postJournalLine } from './journal-line';

export interface AssemblyComponentLine {
  itemNo: string;
  /** Total quantity consumed, positive. */
  quantity: Dec;
  locationCode: string;
  appliesToEntry: number | null;
}

export interface AssemblyResourceLine {
  no: string;
  quantity: Dec;
  directUnitCost: Dec;
  /** Direct unit cost × indirect % / 100 + overhead rate of the resource (0 for one not set up). */
  overheadPerUnit: Dec;
  genProdPostingGroup: string;
}

export interface AssemblyOrderOp {
  kind: 'assembly';
  lineNo: number;
  orderNo: string;
  documentNo: string;
  postingDate: IsoDate;
  itemNo: string;
  quantity: Dec;
  locationCode: string;
  components: AssemblyComponentLine[];
  resources: AssemblyResourceLine[];
}

export interface PostedAssembly {
  output: ItemLedgerEntry;
  components: ItemLedgerEntry[];
  capacityEntries: CapacityLedgerEntry[];
}

export function postAssembly(k: PostingKernel, op: AssemblyOrderOp, nextCapacityEntryNo: number): PostedAssembly {
  const prec = k.ctx.precisions.amount;
  if (!op.quantity.greaterThan(0)) throw ValidationError.at(op.lineNo, 'quantity', 'must be greater than 0');
  const line = (itemNo: string, entryType: 'AssemblyConsumption' | 'AssemblyOutput', quantity: Dec, locationCode: string, appliesToEntry: number | null) =>
    ({
      kind: 'line',
      lineNo: op.lineNo,
      postingDate: op.postingDate,
      documentNo: op.documentNo,
      entryType,
      itemNo,
      quantity,
      unitCost: null,
      amount: null,
      locationCode,
      variantCode: '',
      newLocationCode: null,
      invoice: true,
      appliesToEntry,
      appliesFromEntry: null,
      serialNo: null,
      lotNo: null,
      genBusPostingGroup: '',
      orderNo: op.orderNo,
    }) satisfies JournalLineOp;

  // 1. The components: decreases valued by their own costing method (R95).
  const components: ItemLedgerEntry[] = [];
  let consumptionCost = ZERO;
  for (const c of op.components) {
    if (!c.quantity.greaterThan(0)) throw ValidationError.at(op.lineNo, 'components.quantity', `Component ${c.itemNo}: the quantity must be greater than 0`);
    const before = k.current.itemLedgerEntryNos.length;
    postJournalLine(k, line(c.itemNo, 'AssemblyConsumption', c.quantity, c.locationCode, c.appliesToEntry));
    const entry = k.state.entries.get(k.current.itemLedgerEntryNos[before]) as ItemLedgerEntry;
    components.push(entry);
    for (const v of k.state.valueEntriesOf(entry.entryNo)) consumptionCost = consumptionCost.plus(v.costAmountActual);
  }

  // 2. The resources: a capacity ledger entry each, with its direct and overhead value entries (R102).
  const outputItem = k.state.item(op.itemNo);
  const capacityEntries: CapacityLedgerEntry[] = [];
  const resources: { direct: Dec; overhead: Dec }[] = [];
  let capacityNo = nextCapacityEntryNo;
  for (const r of op.resources) {
    if (!r.quantity.greaterThan(0)) throw ValidationError.at(op.lineNo, 'resources.quantity', `Resource ${r.no}: the quantity must be greater than 0`);
    const capacity: CapacityLedgerEntry = {
      entryNo: capacityNo++,
      orderNo: op.orderNo,
      type: 'Resource',
      no: r.no,
      postingDate: op.postingDate,
      documentNo: op.documentNo,
      quantity: r.quantity,
      subcontracting: false,
      directCost: roundTo(r.quantity.times(r.directUnitCost), prec),
      overheadCost: roundTo(r.quantity.times(r.overheadPerUnit), prec),
    };
    capacityEntries.push(capacity);
    resources.push({ direct: capacity.directCost, overhead: capacity.overheadCost });
    addCapacityValues(k, capacity, { orderType: 'Assembly', locationCode: op.locationCode, item: outputItem, genProdPostingGroup: r.genProdPostingGroup });
  }

  // 3. The header: the output at the order's cost, which its costing method turns into its value
  // like any increase's (R18: a Standard item at standard, its variances waiting for the adjustment, R96).
  const actual = assemblyOutputAtPosting({
    consumptionCost,
    resources,
    quantity: op.quantity,
    indirectCostPercent: outputItem.indirectCostPercent,
    overheadRate: outputItem.overheadRate,
    standard: null,
    amountPrecision: prec,
  });
  const directUnitCost = roundTo(actual.direct.div(op.quantity), k.ctx.precisions.unitAmount);
  const cost = k
    .policy(outputItem)
    .increaseCost(outputItem, { quantity: op.quantity, direct: actual.direct, indirect: actual.indirect, directUnitCost, isPurchase: false }, prec);
  const outputLine = line(op.itemNo, 'AssemblyOutput', op.quantity, op.locationCode, null);
  k.checkTracking(outputLine, outputItem, op.quantity);
  const output = k.newEntry(outputLine, outputItem, op.locationCode, op.quantity, true);
  k.checkValuationDate(op.lineNo, op.postingDate);
  // The indirect cost's entry carries no quantity of the item ledger entry; each adds its own fields in front (NEW_KEYS_FIRST).
  const valued = (itemLedgerEntryQuantity: Dec) => ({
    valuationDate: op.postingDate,
    valuedQuantity: op.quantity,
    itemLedgerEntryQuantity,
    invoicedQuantity: op.quantity,
  });
  k.addValue(output, outputItem, op.postingDate, { entryType: 'DirectCost', costAmountActual: cost.direct, ...valued(op.quantity) });
  if (!cost.indirect.isZero()) k.addValue(output, outputItem, op.postingDate, { entryType: 'IndirectCost', costAmountActual: cost.indirect, ...valued(ZERO) });
  k.markForAdjustment(output, outputItem, op.postingDate);
  applyInbound(k, output, outputItem, outputLine);
  // R96: the order is settled by the next adjustment (variances of a Standard item, later component costs).
  k.flag(output);
  return { output, components, capacityEntries };
}
