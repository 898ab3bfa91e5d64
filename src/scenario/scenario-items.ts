/**
 * A scenario's item rows carry their BOM, routing and cost shares inline
 * (scenario-format.md § Setup additions); the service keeps them as BOM lines, routing lines and
 * item fields. This splits one row into those records.
 */
import { Dec, parseDecimal, ZERO } from '../common/decimal';

/** The scenario's `costShares` names and the item fields they fill (single-level; rolled-up start equal). */
export const COST_SHARE_KEYS: Record<string, string> = {
  material: 'MaterialCost',
  capacity: 'CapacityCost',
  subcontracted: 'SubcontractedCost',
  capacityOverhead: 'CapOverheadCost',
  mfgOverhead: 'MfgOverheadCost',
};

export interface SplitItem {
  item: Record<string, unknown>;
  bomLines: Record<string, unknown>[];
  routingLines: Record<string, unknown>[];
}

export function splitItemRow(row: Record<string, unknown>): SplitItem {
  const { bom, routing, costShares, ...item } = row;
  const no = item.no;
  const bomLines = Array.isArray(bom)
    ? (bom as Record<string, unknown>[]).map((line, i) => {
        const { item: component, resource, ...rest } = line;
        return { parentItemNo: no, lineNo: (i + 1) * 10000, type: resource !== undefined ? 'Resource' : 'Item', no: resource ?? component, ...rest };
      })
    : [];
  const routingLines = Array.isArray(routing)
    ? (routing as Record<string, unknown>[]).map((op, i) => {
        const { workCenter, ...rest } = op;
        return { itemNo: no, operationNo: (i + 1) * 10, workCenterNo: workCenter, ...rest };
      })
    : [];
  if (costShares && typeof costShares === 'object') {
    for (const [key, value] of Object.entries(costShares as Record<string, unknown>)) {
      const suffix = COST_SHARE_KEYS[key] ?? key;
      item[`singleLevel${suffix}`] = value;
      item[`rolledUp${suffix}`] = value;
    }
  }
  return { item, bomLines, routingLines };
}

/** What is wrong with a row's inline manufacturing data, or null (checked before anything runs). */
export function itemRowProblem(
  row: Record<string, unknown>,
  known: { items: ReadonlySet<string>; workCenters: ReadonlySet<string>; resources: ReadonlySet<string> },
): string | null {
  const { bom, routing, costShares } = row;
  if (bom !== undefined) {
    if (!Array.isArray(bom)) return 'bom must be a list';
    for (const [i, line] of (bom as Record<string, unknown>[]).entries()) {
      if (!line || typeof line !== 'object') return `bom[${i}] is not an object`;
      if ((line.item === undefined) === (line.resource === undefined)) return `bom[${i}] needs exactly one of item and resource`;
      if (line.item !== undefined && !known.items.has(line.item as string)) return `bom[${i}] names an unknown item ${JSON.stringify(line.item)}`;
      if (line.resource !== undefined && !known.resources.has(line.resource as string))
        return `bom[${i}] names an unknown resource ${JSON.stringify(line.resource)}`;
      if (parseDecimal(line.quantityPer) === null) return `bom[${i}].quantityPer ${JSON.stringify(line.quantityPer)} is not a decimal`;
    }
  }
  if (routing !== undefined) {
    if (!Array.isArray(routing)) return 'routing must be a list';
    for (const [i, op] of (routing as Record<string, unknown>[]).entries()) {
      if (!op || typeof op !== 'object') return `routing[${i}] is not an object`;
      if (!known.workCenters.has(op.workCenter as string)) return `routing[${i}] names an unknown work center ${JSON.stringify(op.workCenter)}`;
    }
  }
  if (costShares !== undefined) {
    if (!costShares || typeof costShares !== 'object' || Array.isArray(costShares)) return 'costShares must be an object';
    const unknown = Object.keys(costShares).find((k) => !(k in COST_SHARE_KEYS));
    if (unknown) return `costShares: unknown share "${unknown}" (${Object.keys(COST_SHARE_KEYS).join(', ')})`;
    const values = Object.values(costShares as Record<string, unknown>).map((v) => parseDecimal(v));
    if (values.some((v) => v === null)) return 'costShares: every share must be a decimal';
    const sum = (values as Dec[]).reduce((a, v) => a.plus(v), ZERO);
    const standardCost = parseDecimal(row.standardCost ?? '0');
    if (!standardCost || !sum.eq(standardCost)) return `costShares add up to ${sum.toFixed()}, not to the standard cost ${String(row.standardCost ?? '0')}`;
  }
  return null;
}
