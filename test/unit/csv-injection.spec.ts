import { csvField, toCsv } from '../../src/common/csv';

describe('CSV formula injection (issue 15, item 8)', () => {
  it('neutralises text cells a spreadsheet would run as a formula, as OWASP advises', () => {
    expect(csvField('=HYPERLINK("http://evil.example","Click")')).toBe(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
    expect(['+1+cmd|calc', '-2+3', '@SUM(A1)', '\tTab', '\rCR', '=1+1'].map(csvField)).toEqual([
      "'+1+cmd|calc",
      "'-2+3",
      "'@SUM(A1)",
      "'\tTab",
      `"'\rCR"`,
      "'=1+1",
    ]);
  });

  it('leaves numbers as numbers and ordinary text as it is', () => {
    expect(['-31.00', '+5', '-0.5', '12', 'Bolt M8', 'a=b', ' =x'].map(csvField)).toEqual(['-31.00', '+5', '-0.5', '12', 'Bolt M8', 'a=b', ' =x']);
    expect(csvField(-2)).toBe('-2');
    expect(toCsv([{ key: 'd', header: 'Description' }], [{ d: '=HYPERLINK("x")' }])).toBe(`\uFEFFDescription\r\n"'=HYPERLINK(""x"")"\r\n`);
  });
});
