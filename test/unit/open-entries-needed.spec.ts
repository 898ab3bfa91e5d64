/**
 * What a posting batch loads of the open entries (issue 12: journal posting read every open
 * entry of every item it touched, at every location): journal lines need their own item at their
 * own location (both locations of a transfer); an item an invoice, charge or undo refers to is
 * loaded whole.
 */
import { dec } from '../../src/common/decimal';
import { openEntriesNeeded } from '../../src/item-journal/item-journal.service';
import { line } from './support/core-fixture';

describe('open entries a posting batch needs', () => {
  it('takes each line at its location, a transfer at both, and referred items whole', () => {
    const ops = [
      line('Purchase', 'A', '2024-01-02', { quantity: '1', unitCost: '1', locationCode: 'EAST' }),
      line('Sale', 'A', '2024-01-02', { quantity: '1', locationCode: 'EAST' }),
      line('Transfer', 'B', '2024-01-02', { quantity: '1', locationCode: 'EAST', newLocationCode: 'WEST' }),
      line('Sale', 'C', '2024-01-02', { quantity: '1', locationCode: 'MAIN' }),
      { kind: 'invoice' as const, lineNo: 9, postingDate: '2024-01-03', documentNo: 'I', itemLedgerEntryNo: 7, quantity: null, unitCost: dec('2') },
    ];
    expect(openEntriesNeeded(ops, ['C'])).toEqual({
      wholeItems: ['C'],
      pairs: [
        { itemNo: 'A', locationCode: 'EAST' },
        { itemNo: 'B', locationCode: 'EAST' },
        { itemNo: 'B', locationCode: 'WEST' },
      ],
    });
  });
});
