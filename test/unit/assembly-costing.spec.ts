/**
 * Assembly costing (R95, R96) on the figures of the worked examples
 * ../shared/scenarios/mfg/mfg-05 (Standard, variances at the first adjustment) and mfg-03 (FIFO,
 * a later component cost reaching the output).
 */
import { Dec } from '../../src/common/decimal';
import { AssemblyOrder, assemblyAdjustment, assemblyOutputAtPosting } from '../../src/costing/assembly/assembly-costing';

const d = (v: string) => new Dec(v);
const plain = (c: ReturnType<typeof assemblyAdjustment>) => ({
  direct: c.direct.toFixed(),
  indirect: c.indirect.toFixed(),
  variances: c.variances.map((v) => `${v.type} ${v.amount.toFixed()}`),
});

describe('assembly costing (R95, R96)', () => {
  it('mfg-05: a Standard item is posted at standard and gets actual cost and its variances at the first adjustment', () => {
    const order: AssemblyOrder = {
      consumptionCost: d('-96'),
      resources: [{ direct: d('30'), overhead: d('3') }],
      quantity: d('4'),
      indirectCostPercent: d('10'),
      overheadRate: d('0'),
      standard: {
        standardCost: d('30.25'),
        sharesPerUnit: { material: d('22'), capacity: d('5'), subcontracted: d('0'), capOverhead: d('0.5'), mfgOverhead: d('2.75') },
      },
      amountPrecision: d('0.01'),
    };
    const posted = assemblyOutputAtPosting(order);
    expect(plain(posted)).toEqual({ direct: '121', indirect: '0', variances: [] });
    const first = assemblyAdjustment(order, posted);
    expect(plain(first)).toEqual({
      direct: '8',
      indirect: '12.9',
      variances: ['Material -8', 'Capacity -10', 'CapacityOverhead -1', 'ManufacturingOverhead -1.9'],
    });
    const sum = first.variances.reduce((s, v) => s.plus(v.amount), first.direct.plus(first.indirect));
    expect(sum.toFixed()).toBe('0');
    // Once adjusted, nothing more to post while nothing changes.
    const holds = { direct: d('129'), indirect: d('12.9'), variances: first.variances };
    expect(plain(assemblyAdjustment(order, holds))).toEqual({ direct: '0', indirect: '0', variances: [] });
  });

  it('mfg-03: a FIFO item holds its actual cost; a later component cost moves it by the difference', () => {
    const order: AssemblyOrder = {
      consumptionCost: d('-88'),
      resources: [{ direct: d('20'), overhead: d('2') }],
      quantity: d('4'),
      indirectCostPercent: d('0'),
      overheadRate: d('0'),
      standard: null,
      amountPrecision: d('0.01'),
    };
    const posted = assemblyOutputAtPosting(order);
    expect(plain(posted)).toEqual({ direct: '110', indirect: '0', variances: [] });
    expect(plain(assemblyAdjustment(order, posted))).toEqual({ direct: '0', indirect: '0', variances: [] });
    // Freight of 0.50 a bottle reaches the 8 bottles consumed: -4.00 on the consumption.
    expect(plain(assemblyAdjustment({ ...order, consumptionCost: d('-92') }, posted))).toEqual({ direct: '4', indirect: '0', variances: [] });
  });
});
