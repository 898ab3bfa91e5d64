/**
 * The Standard Cost Worksheet's roll-up and implement (R121), pure: which items are rolled up,
 * in which order, with what; figures from mfg-04's notes (RIM 20 -> 22) and by hand below.
 */
import { Dec } from '../../src/common/decimal';
import {
  calculateStandardCost,
  CapacityRate,
  StandardCostContext,
  StandardCostItem,
  typedInShares,
} from '../../src/costing/standard-cost/calculate-standard-cost';
import { implementWorksheet } from '../../src/costing/standard-cost/standard-cost-worksheet';

const d = (v: string) => new Dec(v);

function item(no: string, fields: Partial<StandardCostItem> = {}): StandardCostItem {
  const standardCost = fields.standardCost ?? d('0');
  return {
    no,
    costingMethod: 'Standard',
    standardCost,
    replenishmentSystem: 'Purchase',
    lotSize: d('1'),
    indirectCostPercent: d('0'),
    overheadRate: d('0'),
    bom: [],
    routing: [],
    ...typedInShares(standardCost),
    ...fields,
  };
}

function rate(no: string, directUnitCost: string, fields: Partial<CapacityRate> = {}): CapacityRate {
  return {
    no,
    directUnitCost: d(directUnitCost),
    indirectCostPercent: d('0'),
    overheadRate: d('0'),
    unitCostCalculation: 'Time',
    subcontracting: false,
    ...fields,
  };
}

/** mfg-04: RIM, TIRE, BODY purchased; WHEEL = RIM + TIRE on routing 100, 200, 500; CAR = 4 WHEEL + BODY on 700. */
function mfg04(): StandardCostContext {
  const items = new Map<string, StandardCostItem>([
    ['RIM', item('RIM', { standardCost: d('20') })],
    ['TIRE', item('TIRE', { standardCost: d('15') })],
    ['BODY', item('BODY', { standardCost: d('300') })],
    [
      'WHEEL',
      item('WHEEL', {
        standardCost: d('60'),
        replenishmentSystem: 'ProdOrder',
        lotSize: d('10'),
        overheadRate: d('0.5'),
        bom: [
          { item: 'RIM', quantityPer: d('1') },
          { item: 'TIRE', quantityPer: d('1') },
        ],
        routing: [
          { workCenter: '100', setupTime: d('20'), runTime: d('15') },
          { workCenter: '200', setupTime: d('30'), runTime: d('5') },
          { workCenter: '500', setupTime: d('0'), runTime: d('1') },
        ],
      }),
    ],
    [
      'CAR',
      item('CAR', {
        replenishmentSystem: 'ProdOrder',
        lotSize: d('5'),
        indirectCostPercent: d('5'),
        overheadRate: d('2'),
        bom: [
          { item: 'WHEEL', quantityPer: d('4') },
          { item: 'BODY', quantityPer: d('1') },
        ],
        routing: [{ workCenter: '700', setupTime: d('10'), runTime: d('30') }],
      }),
    ],
  ]);
  const workCenters = new Map<string, CapacityRate>([
    ['100', rate('100', '0.8', { indirectCostPercent: d('25') })],
    ['200', rate('200', '1.2', { overheadRate: d('0.1') })],
    ['500', rate('500', '1.5', { unitCostCalculation: 'Units', subcontracting: true })],
    ['700', rate('700', '3.25', { indirectCostPercent: d('20') })],
  ]);
  const ctx: StandardCostContext = { items, workCenters, resources: new Map(), costInclSetup: true, unitAmountPrecision: d('0.00001') };
  // As after mfg-04 step 2 (AllLevels CAR).
  for (const c of calculateStandardCost('CAR', 'AllLevels', ctx)) items.set(c.itemNo, { ...(items.get(c.itemNo) as StandardCostItem), ...c });
  return ctx;
}

const costs = (r: ReturnType<typeof implementWorksheet>) => r.items.map((c) => [c.itemNo, c.standardCost.toFixed()]);

describe('Standard Cost Worksheet (R121)', () => {
  it('rolls a component change up through every level, components before parents (mfg-04 step 3)', () => {
    const result = implementWorksheet([{ item: 'RIM', newStandardCost: d('22') }], true, mfg04());
    expect(costs(result)).toEqual([
      ['RIM', '22'],
      ['WHEEL', '66.4'],
      ['CAR', '726.92'],
    ]);
    const [rim, wheel, car] = result.items;
    expect(rim.singleLevel.material.toFixed()).toBe('22');
    expect(rim.rolledUp.material.toFixed()).toBe('22');
    expect(wheel.rolledUp.material.toFixed()).toBe('37');
    expect(car.singleLevel.material.toFixed()).toBe('565.6');
    expect(car.singleLevel.mfgOverhead.toFixed()).toBe('36.52');
    expect(car.rolledUp.material.toFixed()).toBe('448');
    expect(car.rolledUp.mfgOverhead.toFixed()).toBe('38.52');
  });

  it('without roll-up implements only the lines: the parents keep their costs', () => {
    expect(costs(implementWorksheet([{ item: 'RIM', newStandardCost: d('22') }], false, mfg04()))).toEqual([['RIM', '22']]);
  });

  it('a work center line rolls up to the items whose routing uses it, and only to those', () => {
    // 200 from 1.20 to 2.20 a minute: WHEEL's operation on 200 takes 5 + 30 / 10 = 8 minutes, so +8.00;
    // CAR has 4 WHEEL: +32.00 material, and its mfg. ovhd 5 % of that: +1.60.
    const result = implementWorksheet([{ workCenter: '200', newDirectUnitCost: d('2.2') }], true, mfg04());
    expect(costs(result)).toEqual([
      ['WHEEL', '72.4'],
      ['CAR', '752.12'],
    ]);
    expect(result.workCenters.map((w) => [w.no, w.directUnitCost.toFixed(), w.overheadRate.toFixed()])).toEqual([['200', '2.2', '0.1']]);
  });

  it('an item on a line is not rolled up itself, and takes the new cost as all material', () => {
    const result = implementWorksheet(
      [
        { item: 'WHEEL', newStandardCost: d('70') },
        { workCenter: '100', newDirectUnitCost: d('1') },
      ],
      true,
      mfg04(),
    );
    // CAR: material 4 x 70 + 300 = 580, capacity 104, cap. ovhd 20.80, mfg. ovhd (704.80) x 5 % + 2 = 37.24.
    expect(costs(result)).toEqual([
      ['WHEEL', '70'],
      ['CAR', '742.04'],
    ]);
    expect(result.items[0].singleLevel.capacity.toFixed()).toBe('0');
    expect(result.items[0].rolledUp.material.toFixed()).toBe('70');
  });

  it('a resource line rolls up to the assembled items that use it', () => {
    const ctx = mfg04();
    const resources = new Map([['ASSY', rate('ASSY', '20', { overheadRate: d('2') })]]);
    const items = new Map(ctx.items);
    items.set(
      'KIT',
      item('KIT', {
        replenishmentSystem: 'Assembly',
        bom: [
          { item: 'TIRE', quantityPer: d('2') },
          { resource: 'ASSY', quantityPer: d('0.5') },
        ],
      }),
    );
    // 0.5 x 30 = 15 capacity, 0.5 x 2 = 1 overhead, 2 x 15 = 30 material.
    expect(costs(implementWorksheet([{ resource: 'ASSY', newDirectUnitCost: d('30') }], true, { ...ctx, items, resources }))).toEqual([['KIT', '46']]);
  });

  it('refuses a line for an item that is not Standard, or that does not exist (R120)', () => {
    const ctx = mfg04();
    const items = new Map(ctx.items);
    items.set('FIFO', item('FIFO', { costingMethod: 'FIFO' }));
    expect(() => implementWorksheet([{ item: 'FIFO', newStandardCost: d('1') }], true, { ...ctx, items })).toThrow(/uses FIFO; only Standard items/);
    expect(() => implementWorksheet([{ item: 'NOPE', newStandardCost: d('1') }], true, ctx)).toThrow(/Item NOPE does not exist/);
    expect(() => implementWorksheet([{ workCenter: '999', newDirectUnitCost: d('1') }], true, ctx)).toThrow(/Work center 999 does not exist/);
  });
});
