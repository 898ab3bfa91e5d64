/**
 * Two closed inventory periods with item, value and G/L entries, and entries in the open period
 * after them: what period-close packages are built from in the tests.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { AdjustmentService } from '../../src/adjustment/adjustment.service';
import { ItemJournalService } from '../../src/item-journal/item-journal.service';
import type { JournalLineInput } from '../../src/item-journal/journal-input';
import { InventoryPeriodsService } from '../../src/period-close/inventory-periods.service';
import type { PackageFileInput } from '../../src/period-package/period-package.service';
import { GLJournalService } from '../../src/posting/gl-journal.service';
import { InventoryCostPostingService } from '../../src/posting/inventory-cost-posting.service';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { resourceByPath } from '../../src/setup/setup-resources';
import { chart } from './chart';

export const COMPANY = 'Bolt & "Nut", Ltd';
export const JANUARY = { periodStartingDate: '2024-01-01', periodEndingDate: '2024-01-31' };
export const FEBRUARY = { periodStartingDate: '2024-02-01', periodEndingDate: '2024-02-29' };

export async function seedClosedPeriods(app: INestApplicationContext): Promise<void> {
  const line = (fields: Partial<JournalLineInput>): JournalLineInput => ({
    entryType: 'Purchase',
    itemNo: 'A',
    postingDate: '2024-01-10',
    quantity: '1',
    ...fields,
  });
  await app
    .get(SetupResourceService)
    .applyAll([
      ...chart(),
      { spec: resourceByPath('general-ledger-setup'), body: { companyName: COMPANY } },
      { spec: resourceByPath('items'), body: { no: 'A', costingMethod: 'FIFO' } },
      { spec: resourceByPath('items'), body: { no: 'B', costingMethod: 'FIFO' } },
      ...['2024-01-31', '2024-02-29', '2024-03-31'].map((endingDate) => ({ spec: resourceByPath('inventory-periods'), body: { endingDate } })),
    ]);
  const journal = app.get(ItemJournalService);
  await journal.post(
    [
      // A document number with a comma and quotes: the CSV must quote it.
      line({ quantity: '10', unitCost: '7.35', documentNo: 'R-1, "first"' }),
      line({ entryType: 'Sale', quantity: '4', postingDate: '2024-01-20', documentNo: 'S-1' }),
      line({ itemNo: 'B', quantity: '3', unitCost: '0.333', postingDate: '2024-01-31' }),
    ],
    'T',
  );
  await journal.post(
    [
      line({ quantity: '5', unitCost: '8', postingDate: '2024-02-01' }),
      line({ entryType: 'Sale', quantity: '7', postingDate: '2024-02-15' }),
      line({ itemNo: 'B', entryType: 'Sale', quantity: '1', postingDate: '2024-02-29' }),
    ],
    'T',
  );
  await journal.post([line({ quantity: '1', unitCost: '9', postingDate: '2024-03-01' })], 'T');
  await app.get(GLJournalService).post(
    [
      { accountNo: '2130', postingDate: '2024-02-10', amount: '12.50', documentNo: 'MAN1', description: 'Stock count, line 1' },
      { accountNo: '7270', postingDate: '2024-02-10', amount: '-12.50', documentNo: 'MAN1' },
    ],
    'T',
  );
  await app.get(AdjustmentService).adjust('T');
  await app.get(InventoryCostPostingService).post('T');
  const periods = app.get(InventoryPeriodsService);
  await periods.close('2024-01-31', 'T');
  await periods.close('2024-02-29', 'T');
}

/** What the close pipeline passes: report renderings and the reconciliation. */
export function reportFiles(period: string): PackageFileInput[] {
  return [
    { name: 'inventory-valuation.pdf', content: Buffer.from(`%PDF-1.4\n% inventory valuation ${period}\n%%EOF\n`) },
    { name: 'inventory-valuation.csv', content: Buffer.from(`\uFEFFitemNo,value\r\nA,1.00\r\n`) },
    { name: 'reconciliation.csv', content: Buffer.from(`\uFEFFaccountType,difference\r\ninventory,0\r\n`) },
  ];
}
