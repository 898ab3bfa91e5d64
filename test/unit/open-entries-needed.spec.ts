/**
 * What a posting batch loads of the open entries (issue 12: journal posting read every open
 * entry of every item it touched, at every location): journal lines need their own item at their
 * own location, and only the side they apply to — a decrease the open increases, an increase the
 * open decreases, a transfer both where it leaves and where it arrives; an item an invoice, charge or undo
 * refers to is loaded whole.
 */
import { dec } from '../../src/common/decimal';
import { openEntriesNeeded } from '../../src/costing/posting/open-entries-needed';
import { line } from './support/core-fixture';

describe('open entries a posting batch needs', () => {
  it('takes each line at its location and on the side it applies to, and referred items whole', () => {
    const ops = [
      line('Purchase', 'A', '2024-01-02', { quantity: '1', unitCost: '1', locationCode: 'EAST' }),
      line('Sale', 'A', '2024-01-02', { quantity: '1', locationCode: 'EAST' }),
      line('Transfer', 'B', '2024-01-02', { quantity: '1', locationCode: 'EAST', newLocationCode: 'WEST' }),
      line('Sale', 'C', '2024-01-02', { quantity: '1', locationCode: 'MAIN' }),
      line('Purchase', 'D', '2024-01-02', { quantity: '-2', unitCost: '1', locationCode: 'MAIN' }),
      line('Sale', 'D', '2024-01-02', { quantity: '-1', locationCode: 'WEST' }),
      line('Purchase', 'D', '2024-01-02', { quantity: '3', unitCost: '1', locationCode: 'MAIN' }),
      { kind: 'invoice' as const, lineNo: 9, postingDate: '2024-01-03', documentNo: 'I', itemLedgerEntryNo: 7, quantity: null, unitCost: dec('2') },
    ];
    expect(openEntriesNeeded(ops, ['C'])).toEqual({
      wholeItems: ['C'],
      // Increases fill open decreases where they arrive (a transfer where it arrives; a negative
      // sale is a return, an increase)…
      decreasesAt: [
        { itemNo: 'A', locationCode: 'EAST' },
        { itemNo: 'B', locationCode: 'WEST' },
        { itemNo: 'D', locationCode: 'WEST' },
        { itemNo: 'D', locationCode: 'MAIN' },
      ],
      // …and decreases take open increases, as much as their quantities add up to (R19); a
      // negative purchase is a decrease, a transfer one where it leaves.
      demands: [
        { itemNo: 'A', variantCode: '', locationCode: 'EAST', quantity: dec('1') },
        { itemNo: 'B', variantCode: '', locationCode: 'EAST', quantity: dec('1') },
        { itemNo: 'D', variantCode: '', locationCode: 'MAIN', quantity: dec('2') },
      ],
    });
  });

  it('sums the decreases per item, variant and location, and asks for all increases when a line is tracked', () => {
    const ops = [
      line('Sale', 'A', '2024-01-02', { quantity: '1', locationCode: 'EAST' }),
      line('Sale', 'A', '2024-01-02', { quantity: '2.5', locationCode: 'EAST' }),
      line('Sale', 'A', '2024-01-02', { quantity: '4', locationCode: 'EAST', variantCode: 'BLUE' }),
      line('Sale', 'S', '2024-01-02', { quantity: '1', locationCode: 'EAST' }),
      line('Sale', 'S', '2024-01-02', { quantity: '1', locationCode: 'EAST', serialNo: 'SN1' }),
    ];
    expect(openEntriesNeeded(ops, []).demands).toEqual([
      { itemNo: 'A', variantCode: '', locationCode: 'EAST', quantity: dec('3.5') },
      { itemNo: 'A', variantCode: 'BLUE', locationCode: 'EAST', quantity: dec('4') },
      { itemNo: 'S', variantCode: '', locationCode: 'EAST', quantity: null },
    ]);
  });
});
