/**
 * A small company with a month to close (October 2026): FIFO, Standard and Average items, two
 * locations, a transfer, a receipt still not invoiced at month end, and later costs (a late
 * invoice at another price, freight) that reach October's sales through adjustment.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { ItemJournalService } from '../../src/item-journal/item-journal.service';
import type { JournalLineInput } from '../../src/item-journal/journal-input';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { resourceByPath } from '../../src/setup/setup-resources';
import { chart } from './chart';

export const CLOSE_COMPANY = 'Nordlys Engros AS';

export async function seedOctober(app: INestApplicationContext, user = 'TESTER'): Promise<void> {
  await app
    .get(SetupResourceService)
    .applyAll([
      ...chart(['', 'BERGEN']),
      { spec: resourceByPath('general-ledger-setup'), body: { companyName: CLOSE_COMPANY } },
      { spec: resourceByPath('locations'), body: { code: 'BERGEN' } },
      { spec: resourceByPath('items'), body: { no: 'A', description: 'Skrue M8x40', costingMethod: 'FIFO' } },
      { spec: resourceByPath('items'), body: { no: 'S', description: 'Mutter M8', costingMethod: 'Standard', standardCost: '2' } },
      { spec: resourceByPath('items'), body: { no: 'V', description: 'Skive 8 mm', costingMethod: 'Average' } },
      { spec: resourceByPath('item-charges'), body: { no: 'FREIGHT', description: 'Frakt' } },
    ]);
  const line = (f: Partial<JournalLineInput>): JournalLineInput => ({
    entryType: 'Purchase',
    itemNo: 'A',
    postingDate: '2026-10-02',
    quantity: '10',
    unitCost: '10',
    ...f,
  });
  const journal = app.get(ItemJournalService);
  const october = await journal.post(
    [
      line({}),
      line({ quantity: '5', unitCost: '12', postingDate: '2026-10-06', invoice: false }),
      line({ entryType: 'Sale', quantity: '12', postingDate: '2026-10-20', unitCost: undefined }),
      line({ itemNo: 'S', quantity: '20', unitCost: '2.2', postingDate: '2026-10-03' }),
      line({ itemNo: 'S', entryType: 'Sale', quantity: '8', postingDate: '2026-10-21', unitCost: undefined }),
      line({ itemNo: 'V', quantity: '4', unitCost: '3', postingDate: '2026-10-04' }),
      line({ itemNo: 'V', quantity: '4', unitCost: '5', postingDate: '2026-10-05' }),
      line({ itemNo: 'V', entryType: 'Transfer', quantity: '3', postingDate: '2026-10-08', newLocationCode: 'BERGEN', unitCost: undefined }),
      line({ itemNo: 'V', entryType: 'Sale', quantity: '2', postingDate: '2026-10-25', locationCode: 'BERGEN', unitCost: undefined }),
      line({ itemNo: 'A', quantity: '3', unitCost: '11', postingDate: '2026-10-30', invoice: false }),
    ],
    user,
  );
  const lateReceipt = october.lines[1].itemLedgerEntryNos[0];
  const firstReceipt = october.lines[0].itemLedgerEntryNos[0];
  await journal.post(
    [
      { kind: 'invoice', itemLedgerEntryNo: lateReceipt, postingDate: '2026-11-03', unitCost: '12.6' },
      { kind: 'itemCharge', itemChargeNo: 'FREIGHT', postingDate: '2026-11-04', amount: '4.5', assignments: [{ itemLedgerEntryNo: firstReceipt }] },
    ],
    user,
  );
}
