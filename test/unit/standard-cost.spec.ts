/**
 * Calculate Standard Cost (R80, R81, R120) on the items of the worked example
 * ../shared/scenarios/mfg/mfg-04 (figures from its notes), read from the file itself.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Dec } from '../../src/common/decimal';
import {
  BomLine,
  CalculatedStandardCost,
  calculateStandardCost,
  CapacityRate,
  StandardCostContext,
  StandardCostItem,
  typedInShares,
} from '../../src/costing/standard-cost/calculate-standard-cost';

type Raw = Record<string, string | boolean | undefined> & { bom?: Record<string, string>[]; routing?: Record<string, string>[] };
const file = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../shared/scenarios/mfg/mfg-04-standard-cost-rollup-multilevel.json'), 'utf8')) as {
  setup: { items: Raw[]; workCenters: Raw[] };
};
const d = (v: unknown, fallback = '0') => new Dec(typeof v === 'string' ? v : fallback);

function context(overrides: { costInclSetup?: boolean; standardCosts?: Record<string, string> } = {}): StandardCostContext {
  const items = new Map<string, StandardCostItem>();
  for (const raw of file.setup.items) {
    const standardCost = d(overrides.standardCosts?.[raw.no as string] ?? raw.standardCost);
    items.set(raw.no as string, {
      no: raw.no as string,
      costingMethod: raw.costingMethod as string,
      standardCost,
      replenishmentSystem: (raw.replenishmentSystem as StandardCostItem['replenishmentSystem']) ?? 'Purchase',
      lotSize: d(raw.lotSize, '1'),
      indirectCostPercent: d(raw.indirectCostPercent),
      overheadRate: d(raw.overheadRate),
      bom: (raw.bom ?? []).map((l): BomLine => ({ item: l.item, quantityPer: d(l.quantityPer) })),
      routing: (raw.routing ?? []).map((o) => ({ workCenter: o.workCenter, setupTime: d(o.setupTime), runTime: d(o.runTime) })),
      ...typedInShares(standardCost),
    });
  }
  const workCenters = new Map<string, CapacityRate>(
    file.setup.workCenters.map((w) => [
      w.no as string,
      {
        no: w.no as string,
        directUnitCost: d(w.directUnitCost),
        indirectCostPercent: d(w.indirectCostPercent),
        overheadRate: d(w.overheadRate),
        unitCostCalculation: (w.unitCostCalculation as 'Time' | 'Units') ?? 'Time',
        subcontracting: w.subcontracting === true,
      },
    ]),
  );
  return { items, workCenters, resources: new Map(), costInclSetup: overrides.costInclSetup ?? true, unitAmountPrecision: new Dec('0.00001') };
}

const plain = (c: CalculatedStandardCost) => ({
  standardCost: c.standardCost.toFixed(),
  sl: Object.values(c.singleLevel).map((v) => v.toFixed()),
  ru: Object.values(c.rolledUp).map((v) => v.toFixed()),
});

describe('Calculate Standard Cost (R80, R81, R120)', () => {
  it('single level takes the components as they stand (WHEEL typed in at 60: all material)', () => {
    const [car] = calculateStandardCost('CAR', 'SingleLevel', context());
    // material, capacity, subcontracted, cap. overhead, mfg. overhead
    expect(plain(car)).toEqual({ standardCost: '700.04', sl: ['540', '104', '0', '20.8', '35.24'], ru: ['540', '104', '0', '20.8', '35.24'] });
  });

  it('all levels recalculates WHEEL first (setup over the lot size, a Units subcontractor), then rolls its shares up into CAR', () => {
    const [wheel, car] = calculateStandardCost('CAR', 'AllLevels', context());
    expect(plain(wheel)).toEqual({ standardCost: '64.4', sl: ['35', '23.2', '1.5', '4.2', '0.5'], ru: ['35', '23.2', '1.5', '4.2', '0.5'] });
    expect(plain(car)).toEqual({ standardCost: '718.52', sl: ['557.6', '104', '0', '20.8', '36.12'], ru: ['440', '196.8', '6', '37.6', '38.12'] });
  });

  it('rolls a new component cost up through every level (R121 roll-up: RIM 20 → 22)', () => {
    const [wheel, car] = calculateStandardCost('CAR', 'AllLevels', context({ standardCosts: { RIM: '22' } }));
    expect(wheel.standardCost.toFixed()).toBe('66.4');
    expect(plain(car)).toMatchObject({ standardCost: '726.92', ru: ['448', '196.8', '6', '37.6', '38.52'] });
  });

  it('leaves setup time out without Cost Incl. Setup (R81)', () => {
    const [wheel] = calculateStandardCost('WHEEL', 'SingleLevel', context({ costInclSetup: false }));
    // 15 minutes at 0.80 + 5 at 1.20 = 18 capacity; 15 × 0.20 + 5 × 0.10 = 3.5 overhead.
    expect(plain(wheel).sl).toEqual(['35', '18', '1.5', '3.5', '0.5']);
  });

  it('refuses an item or a component that is not Standard (R120)', () => {
    const ctx = context();
    (ctx.items.get('TIRE') as StandardCostItem).costingMethod = 'FIFO';
    expect(() => calculateStandardCost('WHEEL', 'SingleLevel', ctx)).toThrow('component TIRE uses FIFO, not Standard (R120)');
  });
});
