/**
 * The Standard Cost Worksheet (R121; finance-about-calculating-standard-cost.md § Updating
 * standard costs with the Standard Cost Worksheet), pure: its lines give new standard costs of
 * items and new costs of work centers and resources; Roll Up Standard Cost recalculates, bottom-up
 * with the new values, every Standard item that uses a changed item, work center or resource at
 * any level of its BOM and is not itself on a line. What it returns is what Implement writes; the
 * revaluation of stock is the caller's (R90).
 */
import type { Dec } from '../../common/decimal';
import { PostingRefusedError } from '../../common/errors';
import { CalculatedStandardCost, calculateStandardCost, CapacityRate, StandardCostContext, StandardCostItem, typedInShares } from './calculate-standard-cost';

export type WorksheetLine =
  | { item: string; newStandardCost: Dec }
  | { workCenter: string; newDirectUnitCost?: Dec; newIndirectCostPercent?: Dec; newOverheadRate?: Dec }
  | { resource: string; newDirectUnitCost?: Dec; newIndirectCostPercent?: Dec; newOverheadRate?: Dec };

export interface ImplementedWorksheet {
  /** Items whose standard cost or shares Implement sets: the worksheet's items, then the rolled-up ones bottom-up. */
  items: CalculatedStandardCost[];
  workCenters: CapacityRate[];
  resources: CapacityRate[];
}

export function implementWorksheet(lines: readonly WorksheetLine[], rollUp: boolean, ctx: StandardCostContext): ImplementedWorksheet {
  const items = new Map(ctx.items);
  const workCenters = new Map(ctx.workCenters);
  const resources = new Map(ctx.resources);
  const changedItems = new Set<string>();
  const changedCenters = new Set<string>();
  const changedResources = new Set<string>();
  const result: ImplementedWorksheet = { items: [], workCenters: [], resources: [] };

  for (const line of lines) {
    if ('item' in line) {
      const item = items.get(line.item);
      if (!item) throw new PostingRefusedError(`Item ${line.item} does not exist`);
      if (item.costingMethod !== 'Standard')
        throw new PostingRefusedError(`Item ${line.item} uses ${item.costingMethod}; only Standard items have a standard cost (R120)`);
      // An item on a line gets its new cost as a typed-in standard cost: all material.
      const calculated = { itemNo: item.no, standardCost: line.newStandardCost, ...typedInShares(line.newStandardCost) };
      items.set(item.no, withCost(item, calculated));
      changedItems.add(item.no);
      result.items.push(calculated);
    } else {
      const [map, changed, out, no, kind] =
        'workCenter' in line
          ? [workCenters, changedCenters, result.workCenters, line.workCenter, 'Work center']
          : [resources, changedResources, result.resources, line.resource, 'Resource'];
      const rate = map.get(no);
      if (!rate) throw new PostingRefusedError(`${kind} ${no} does not exist`);
      const updated: CapacityRate = {
        ...rate,
        directUnitCost: line.newDirectUnitCost ?? rate.directUnitCost,
        indirectCostPercent: line.newIndirectCostPercent ?? rate.indirectCostPercent,
        overheadRate: line.newOverheadRate ?? rate.overheadRate,
      };
      map.set(no, updated);
      changed.add(no);
      out.push(updated);
    }
  }
  if (!rollUp) return result;

  // Which items use a changed item, work center or resource at some level of their BOM.
  const uses = new Map<string, boolean>();
  const usesChange = (item: StandardCostItem, path: readonly string[]): boolean => {
    const known = uses.get(item.no);
    if (known !== undefined) return known;
    if (path.includes(item.no)) throw new PostingRefusedError(`Item ${item.no}: its BOM contains itself (${[...path, item.no].join(' → ')})`);
    let found = item.routing.some((op) => changedCenters.has(op.workCenter));
    for (const line of item.bom) {
      if (found) break;
      if ('resource' in line) found = changedResources.has(line.resource);
      else {
        const component = items.get(line.item);
        found = changedItems.has(line.item) || (!!component && usesChange(component, [...path, item.no]));
      }
    }
    uses.set(item.no, found);
    return found;
  };
  const toRollUp = [...items.values()].filter((i) => i.costingMethod === 'Standard' && i.bom.length > 0 && !changedItems.has(i.no) && usesChange(i, []));
  const pending = new Set(toRollUp.map((i) => i.no));
  const rollUpOne = (item: StandardCostItem): void => {
    if (!pending.has(item.no)) return;
    pending.delete(item.no);
    // Components first, so that each parent is calculated from its components' new values.
    for (const line of item.bom) if ('item' in line && pending.has(line.item)) rollUpOne(items.get(line.item) as StandardCostItem);
    const [calculated] = calculateStandardCost(item.no, 'SingleLevel', { ...ctx, items, workCenters, resources });
    items.set(item.no, withCost(item, calculated));
    result.items.push(calculated);
  };
  toRollUp.forEach(rollUpOne);
  return result;
}

function withCost(item: StandardCostItem, c: CalculatedStandardCost): StandardCostItem {
  return { ...item, standardCost: c.standardCost, singleLevel: c.singleLevel, rolledUp: c.rolledUp };
}
