import { dec } from '../../src/common/decimal';
import { validatePostingInputs, MasterData } from '../../src/item-journal/journal-input';

const master: MasterData = {
  items: new Set(['A']),
  locations: new Set(['BLUE']),
  itemCharges: new Map([['FREIGHT', { genProdPostingGroup: 'RETAIL' }]]),
  entryQuantities: new Map([
    [1, dec('1')],
    [2, dec('2')],
  ]),
  amountPrecision: dec('0.01'),
};

describe('item journal input validation', () => {
  it('reads JSON numbers as exact decimals and fills defaults', () => {
    const [op] = validatePostingInputs([{ entryType: 'Sale', itemNo: 'A', postingDate: '2024-01-01', quantity: 0.1, unitCost: '3.33' }], master);
    expect(op).toMatchObject({ kind: 'line', entryType: 'Sale', invoice: true, locationCode: '' });
    expect(op.kind === 'line' && op.quantity.toFixed()).toBe('0.1');
  });

  it('splits an item charge by quantity, the last assignment taking the rounding residual', () => {
    const [op] = validatePostingInputs([{ kind: 'itemCharge', itemChargeNo: 'FREIGHT', postingDate: '2024-01-01', amount: '10', assignments: [{ itemLedgerEntryNo: 1 }, { itemLedgerEntryNo: 2 }] }], master);
    expect(op.kind === 'itemCharge' && op.assignments.map((a) => a.amount.toFixed())).toEqual(['3.33', '6.67']);
  });

  it('refuses contradictory or incomplete lines with their field', () => {
    const attempt = () =>
      validatePostingInputs(
        [
          { entryType: 'Transfer', itemNo: 'A', postingDate: '2024-01-01', quantity: '1' },
          { entryType: 'PositiveAdjmt', itemNo: 'A', postingDate: '2024-01-01', quantity: '1', invoice: false },
          { entryType: 'Sale', itemNo: 'A', postingDate: '2024-01-01', quantity: '1', unitCost: '1', amount: '1' },
          { entryType: 'Sale', itemNo: 'A', postingDate: '2024-01-01', quantity: '1', appliesToEntry: 1, appliesFromEntry: 2 },
        ],
        master,
      );
    expect(attempt).toThrow(expect.objectContaining({
      details: [
        { line: 1, field: 'newLocationCode', message: 'is required for a Transfer' },
        { line: 2, field: 'invoice', message: 'PositiveAdjmt lines are always posted with their cost (invoice cannot be false)' },
        { line: 3, field: 'amount', message: 'give either unitCost or amount, not both' },
        { line: 4, field: 'appliesFromEntry', message: 'a line applies either to or from an entry, not both' },
      ],
    }));
  });
});
