/**
 * The posting reads what decides a value entry's accounts as one row value's text (issue 12); any
 * code must come back exactly as it is stored. The texts below are what PostgreSQL 15 prints for
 * `row(...)::text` of these values (the integration test in general-ledger.spec posts under such
 * a code end to end).
 */
import { postingKeyOf, recordFields } from '../../src/posting/general-ledger.repository';

describe('the posting key as a row value', () => {
  it('reads plain fields and NULLs', () => {
    expect(postingKeyOf('(Sale,Revaluation,Material,Production,BLUE,RESALE,DOM,RETAIL)')).toEqual({
      itemLedgerEntryType: 'Sale',
      entryType: 'Revaluation',
      varianceType: 'Material',
      orderType: 'Production',
      locationCode: 'BLUE',
      inventoryPostingGroup: 'RESALE',
      genBusPostingGroup: 'DOM',
      genProdPostingGroup: 'RETAIL',
    });
    expect(recordFields('(Purchase,,,X)')).toEqual(['Purchase', null, null, 'X']);
  });

  it('reads quoted fields: quotes and backslashes doubled, commas, parentheses, spaces, the empty code', () => {
    expect(recordFields('(Purchase,"Direct Cost",,,"Q""\\\\1","","a,b(c)"," x")')).toEqual([
      'Purchase',
      'Direct Cost',
      null,
      null,
      'Q"\\1',
      '',
      'a,b(c)',
      ' x',
    ]);
    expect(postingKeyOf('(Purchase,"Direct Cost",,,"","","","")').locationCode).toBe('');
  });

  it('refuses what is not a row value', () => {
    expect(() => recordFields('["Purchase"]')).toThrow('not a row value');
    expect(() => recordFields('("Purchase)')).toThrow('unterminated');
  });
});
