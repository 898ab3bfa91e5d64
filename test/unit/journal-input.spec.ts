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
  unitAmountPrecision: dec('0.00001'),
};

describe('item journal input validation', () => {
  it('reads decimal strings exactly and fills defaults', () => {
    const [op] = validatePostingInputs([{ entryType: 'Sale', itemNo: 'A', postingDate: '2024-01-01', quantity: '0.1', unitCost: '3.33' }], master);
    expect(op).toMatchObject({ kind: 'line', entryType: 'Sale', invoice: true, locationCode: '' });
    expect(op.kind === 'line' && op.quantity.toFixed()).toBe('0.1');
  });

  it('refuses JSON numbers, values out of range and more decimals than the precisions allow (issue 15, item 2)', () => {
    const line = { entryType: 'Purchase', itemNo: 'A', postingDate: '2024-01-01' };
    const attempt = () =>
      validatePostingInputs(
        [
          { ...line, quantity: 0.1 as unknown as string },
          { ...line, quantity: '1', unitCost: 12345678901234567.89 as unknown as string },
          { ...line, entryType: 'Sale', quantity: '99999999999999999999999999' },
          { ...line, quantity: '123456789012345678901234567890123456789012345' },
          { ...line, quantity: '0.0000000000000000000000000000000000000000001' },
          { ...line, quantity: '1', unitCost: '1.000001' },
          { ...line, quantity: '1', amount: '10.005' },
          { kind: 'itemCharge', itemChargeNo: 'FREIGHT', postingDate: '2024-01-01', assignments: [{ itemLedgerEntryNo: 1, amount: '1000000000000000' }] },
        ],
        master,
      );
    expect(attempt).toThrow(expect.objectContaining({
      details: [
        { line: 1, field: 'quantity', message: expect.stringMatching(/must be a JSON string such as "10.00", not a JSON number/) },
        { line: 2, field: 'unitCost', message: expect.stringMatching(/not a JSON number/) },
        { line: 3, field: 'quantity', message: '99999999999999999999999999 is out of range: the value must be below 1000000000000 in absolute value' },
        { line: 4, field: 'quantity', message: expect.stringMatching(/is out of range/) },
        { line: 5, field: 'quantity', message: expect.stringMatching(/has 43 decimals; at most 5 are allowed \(the quantity precision 0.00001\)/) },
        { line: 6, field: 'unitCost', message: '1.000001 has 6 decimals; at most 5 are allowed (the unit-amount rounding precision 0.00001)' },
        { line: 7, field: 'amount', message: '10.005 has 3 decimals; at most 2 are allowed (the amount rounding precision 0.01)' },
        { line: 8, field: 'assignments[0].amount', message: expect.stringMatching(/is out of range/) },
      ],
    }));
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
