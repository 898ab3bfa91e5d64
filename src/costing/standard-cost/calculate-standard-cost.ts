/**
 * Calc. Production Std. Cost and Calc. Assembly Std. Cost (R80, R81, R120), pure: from an item's
 * BOM and routing and the costs of its components, work centers and resources, its single-level
 * and rolled-up cost shares and its standard cost. Nothing here posts; changing stock's value is
 * the Standard Cost Worksheet's revaluation (R121).
 *
 * Issue 11 builds manufacturing on this; the scenario ops and the database wire it in there.
 */
import { Dec, roundTo, ZERO } from '../../common/decimal';
import { PostingRefusedError } from '../../common/errors';

export const COST_SHARES = ['material', 'capacity', 'subcontracted', 'capOverhead', 'mfgOverhead'] as const;
export type CostShare = (typeof COST_SHARES)[number];
export type CostShares = Record<CostShare, Dec>;

export type BomLine = { item: string; quantityPer: Dec } | { resource: string; quantityPer: Dec };

export interface RoutingOperation {
  workCenter: string;
  /** Per lot, in the work center's measure (R81). */
  setupTime: Dec;
  /** Per unit of the item. */
  runTime: Dec;
}

export interface StandardCostItem {
  no: string;
  costingMethod: string;
  standardCost: Dec;
  replenishmentSystem: 'Purchase' | 'ProdOrder' | 'Assembly';
  /** A production BOM counts only when Certified (assembly BOMs have no status); left out: certified. */
  bomCertified?: boolean;
  lotSize: Dec;
  /** For a produced or assembled item: its manufacturing overhead (R80 SL Mfg. Ovhd). */
  indirectCostPercent: Dec;
  overheadRate: Dec;
  bom: readonly BomLine[];
  routing: readonly RoutingOperation[];
  singleLevel: CostShares;
  rolledUp: CostShares;
}

/** A work center or a resource: what one unit of its measure costs. */
export interface CapacityRate {
  no: string;
  directUnitCost: Dec;
  indirectCostPercent: Dec;
  overheadRate: Dec;
  /** `Units`: the cost is per unit of output, whatever the time (t = 1). */
  unitCostCalculation: 'Time' | 'Units';
  subcontracting: boolean;
}

export interface StandardCostContext {
  items: ReadonlyMap<string, StandardCostItem>;
  workCenters: ReadonlyMap<string, CapacityRate>;
  resources: ReadonlyMap<string, CapacityRate>;
  /** Manufacturing Setup's Cost Incl. Setup (R81). */
  costInclSetup: boolean;
  unitAmountPrecision: Dec;
}

export interface CalculatedStandardCost {
  itemNo: string;
  standardCost: Dec;
  singleLevel: CostShares;
  rolledUp: CostShares;
}

/** Shares from their decimal texts, in COST_SHARES order (as the item's share columns are read). */
export function sharesFromText(values: readonly unknown[]): CostShares {
  return Object.fromEntries(COST_SHARES.map((s, i) => [s, new Dec(values[i] as string)])) as CostShares;
}

export const zeroShares = (): CostShares => ({ material: ZERO, capacity: ZERO, subcontracted: ZERO, capOverhead: ZERO, mfgOverhead: ZERO });

/** A typed-in standard cost is all material, single-level and rolled-up [AL: codeunit 5804, RecalcStdCostItem]. */
export function typedInShares(standardCost: Dec): { singleLevel: CostShares; rolledUp: CostShares } {
  return { singleLevel: { ...zeroShares(), material: standardCost }, rolledUp: { ...zeroShares(), material: standardCost } };
}

/** Overhead per unit of a work center's or resource's measure: direct × indirect % / 100 + overhead rate. */
export function overheadPerUnit(rate: CapacityRate): Dec {
  return rate.directUnitCost.times(rate.indirectCostPercent).div(100).plus(rate.overheadRate);
}

/**
 * Calculates `itemNo` — with `AllLevels`, first every produced or assembled item below it,
 * bottom-up, each once. Returns the items calculated, the top item last.
 */
export function calculateStandardCost(itemNo: string, level: 'SingleLevel' | 'AllLevels', ctx: StandardCostContext): CalculatedStandardCost[] {
  const calculated = new Map<string, CalculatedStandardCost>();
  const inProgress = new Set<string>();
  const visit = (no: string, path: readonly string[]): CalculatedStandardCost => {
    const done = calculated.get(no);
    if (done) return done;
    if (inProgress.has(no)) throw new PostingRefusedError(`Item ${no}: its BOM contains itself (${[...path, no].join(' → ')})`);
    inProgress.add(no);
    const item = itemOf(ctx, no);
    if (level === 'AllLevels') {
      for (const line of item.bom) {
        if (!('item' in line)) continue;
        const component = itemOf(ctx, line.item);
        if (component.replenishmentSystem !== 'Purchase' && component.bom.length > 0) visit(component.no, [...path, no]);
      }
    }
    const result = singleItem(item, ctx, (componentNo) => calculated.get(componentNo));
    inProgress.delete(no);
    calculated.set(no, result);
    return result;
  };
  visit(itemNo, []);
  return [...calculated.values()];
}

/** One item from its components as they stand (or as just calculated), R80 and R81. */
function singleItem(item: StandardCostItem, ctx: StandardCostContext, fresh: (no: string) => CalculatedStandardCost | undefined): CalculatedStandardCost {
  requireStandard(item, item.no);
  if (item.replenishmentSystem === 'ProdOrder' && item.bom.length > 0 && item.bomCertified === false)
    throw new PostingRefusedError(`Item ${item.no}: its production BOM is not certified`);
  const sl = zeroShares();
  const ruFromComponents = zeroShares();
  for (const line of item.bom) {
    if ('item' in line) {
      const component = itemOf(ctx, line.item);
      requireStandard(component, item.no);
      const now = fresh(component.no);
      const standardCost = now?.standardCost ?? component.standardCost;
      const rolledUp = now?.rolledUp ?? component.rolledUp;
      // SL Material: the component's standard cost; RU: its rolled-up shares (R80).
      sl.material = sl.material.plus(line.quantityPer.times(standardCost));
      for (const share of COST_SHARES) ruFromComponents[share] = ruFromComponents[share].plus(line.quantityPer.times(rolledUp[share]));
    } else {
      // Assembly resource lines: time per unit of the item at the resource's cost (assembly-how-work-assembly-boms.md).
      const resource = ctx.resources.get(line.resource);
      if (!resource) throw new PostingRefusedError(`Item ${item.no}: resource ${line.resource} on its BOM does not exist`);
      sl.capacity = sl.capacity.plus(line.quantityPer.times(resource.directUnitCost));
      sl.capOverhead = sl.capOverhead.plus(line.quantityPer.times(overheadPerUnit(resource)));
    }
  }
  for (const op of item.routing) {
    const center = ctx.workCenters.get(op.workCenter);
    if (!center) throw new PostingRefusedError(`Item ${item.no}: work center ${op.workCenter} on its routing does not exist`);
    const time = costTime(op, center, item.lotSize, ctx.costInclSetup);
    const direct = time.times(center.directUnitCost);
    if (center.subcontracting) sl.subcontracted = sl.subcontracted.plus(direct);
    else sl.capacity = sl.capacity.plus(direct);
    sl.capOverhead = sl.capOverhead.plus(time.times(overheadPerUnit(center)));
  }
  const base = sl.material.plus(sl.capacity).plus(sl.subcontracted).plus(sl.capOverhead);
  sl.mfgOverhead = base.times(item.indirectCostPercent).div(100).plus(item.overheadRate);

  const precision = ctx.unitAmountPrecision;
  const singleLevel = mapShares(sl, (v) => roundTo(v, precision));
  const rolledUp = zeroShares();
  rolledUp.material = roundTo(ruFromComponents.material, precision);
  for (const share of ['capacity', 'subcontracted', 'capOverhead', 'mfgOverhead'] as const)
    rolledUp[share] = roundTo(ruFromComponents[share].plus(sl[share]), precision);
  const standardCost = COST_SHARES.reduce((sum, share) => sum.plus(singleLevel[share]), ZERO);
  return { itemNo: item.no, standardCost, singleLevel, rolledUp };
}

/** R81: run time per unit plus setup time spread over the lot (when Cost Incl. Setup); one unit on a `Units` work center. */
function costTime(op: RoutingOperation, center: CapacityRate, lotSize: Dec, costInclSetup: boolean): Dec {
  if (center.unitCostCalculation === 'Units') return new Dec(1);
  const setup = costInclSetup && !op.setupTime.isZero() ? op.setupTime.div(lotSize.isZero() ? 1 : lotSize) : ZERO;
  return op.runTime.plus(setup);
}

function mapShares(shares: CostShares, f: (v: Dec) => Dec): CostShares {
  return Object.fromEntries(COST_SHARES.map((s) => [s, f(shares[s])])) as CostShares;
}

function itemOf(ctx: StandardCostContext, no: string): StandardCostItem {
  const item = ctx.items.get(no);
  if (!item) throw new PostingRefusedError(`Item ${no} does not exist`);
  return item;
}

/** R120: the standard cost is calculated for Standard items from Standard components. */
function requireStandard(item: StandardCostItem, calculating: string): void {
  if (item.costingMethod !== 'Standard')
    throw new PostingRefusedError(
      item.no === calculating
        ? `Item ${item.no} uses ${item.costingMethod}: a standard cost is calculated only for Standard items (R120)`
        : `Item ${calculating}: component ${item.no} uses ${item.costingMethod}, not Standard (R120)`,
    );
}
