import { dec } from '../../../src/common/decimal';
import type { AdjustCostInput } from '../../../src/costing/adjustment/adjust-cost';
import type { AverageCostCalcType, AverageCostPeriod, PostingWindow } from '../../../src/costing/types';
import { openWindow } from './core-fixture';

export function adjustSettings(
  period: AverageCostPeriod = 'Day',
  calcType: AverageCostCalcType = 'Item',
  window: Partial<PostingWindow> = {},
  upTo: string | null = null,
): AdjustCostInput['settings'] {
  return {
    precisions: { amount: dec('0.01'), unitAmount: dec('0.00001') },
    window: { ...openWindow, ...window },
    userId: 'TEST',
    calendar: { period, accountingPeriodStarts: [] },
    calcType,
    upTo,
  };
}
