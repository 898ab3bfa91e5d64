import { dec } from '../../src/common/decimal';
import { validatePostingInputs, MasterData, setupKey } from '../../src/item-journal/journal-input';

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
  itemGroups: new Map([['A', { inventoryPostingGroup: 'RESALE', genProdPostingGroup: 'RETAIL' }]]),
  inventoryPostingSetups: new Set([setupKey('', 'RESALE'), setupKey('BLUE', 'RESALE')]),
  generalPostingSetups: new Set([setupKey('', 'RETAIL'), setupKey('DOMESTIC', 'RETAIL')]),
  referencedEntries: new Map([
    [1, { itemNo: 'A', locationCode: '', genBusPostingGroup: '' }],
    [2, { itemNo: 'A', locationCode: 'BLUE', genBusPostingGroup: '' }],
  ]),
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
          // A JSON number that has lost digits on the way in: the point of the test.
          // eslint-disable-next-line no-loss-of-precision
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
    expect(attempt).toThrow(
      expect.objectContaining({
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
      }),
    );
  });

  it('splits an item charge by quantity, the last assignment taking the rounding residual', () => {
    const [op] = validatePostingInputs(
      [
        {
          kind: 'itemCharge',
          itemChargeNo: 'FREIGHT',
          postingDate: '2024-01-01',
          amount: '10',
          assignments: [{ itemLedgerEntryNo: 1 }, { itemLedgerEntryNo: 2 }],
        },
      ],
      master,
    );
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
    expect(attempt).toThrow(
      expect.objectContaining({
        details: [
          { line: 1, field: 'newLocationCode', message: 'is required for a Transfer' },
          { line: 2, field: 'invoice', message: 'PositiveAdjmt lines are always posted with their cost (invoice cannot be false)' },
          { line: 3, field: 'amount', message: 'give either unitCost or amount, not both' },
          { line: 4, field: 'appliesFromEntry', message: 'a line applies either to or from an entry, not both' },
        ],
      }),
    );
  });

  it('refuses unknown codes and lines whose posting setup does not exist, naming line and field (issue 15, item 3)', () => {
    const line = { entryType: 'Purchase', itemNo: 'A', postingDate: '2024-01-01', quantity: '1', unitCost: '1' };
    const charges = { ...master, itemCharges: new Map([['INSURE', { genProdPostingGroup: 'SERVICES' }]]) };
    const attempt = () =>
      validatePostingInputs(
        [
          { ...line, genBusPostingGroup: 'NOPE' },
          { ...line, genBusPostingGroup: 'DOMESTIC' },
          { ...line, locationCode: 'RED' },
          { ...line, entryType: 'Transfer', locationCode: 'BLUE', newLocationCode: 'GREEN' },
          { ...line, documentNo: 'D'.repeat(256), serialNo: 'S\u0000' },
          { kind: 'itemCharge', itemChargeNo: 'INSURE', postingDate: '2024-01-01', amount: '5', assignments: [{ itemLedgerEntryNo: 2 }] },
          { kind: 'invoice', itemLedgerEntryNo: 2147483648, postingDate: '2024-01-01' },
        ],
        { ...charges, locations: new Set(['BLUE', 'GREEN']) },
      );
    expect(attempt).toThrow(
      expect.objectContaining({
        details: [
          { line: 1, field: 'genBusPostingGroup', message: "gen. business posting group 'NOPE' does not exist (no General Posting Setup names it)" },
          // DOMESTIC × RETAIL exists: line 2 is fine.
          { line: 3, field: 'locationCode', message: "Location 'RED' does not exist" },
          { line: 4, field: 'newLocationCode', message: "there is no Inventory Posting Setup for location 'GREEN' and inventory posting group 'RESALE'" },
          { line: 5, field: 'documentNo', message: 'is 256 characters long; at most 255 are allowed' },
          { line: 5, field: 'serialNo', message: 'must not contain NUL characters' },
          {
            line: 6,
            field: 'itemChargeNo',
            message: "there is no General Posting Setup for gen. business posting group '' and gen. product posting group 'SERVICES'",
          },
          { line: 7, field: 'itemLedgerEntryNo', message: "'2147483648' is not an item ledger entry number (an integer from 1 to 2147483647)" },
        ],
      }),
    );
  });
});
