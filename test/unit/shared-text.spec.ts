/**
 * `sharedText` hands back one string per distinct text; JavaScript cannot tell two equal strings
 * apart, so what is tested is the contract that matters to its callers: whatever is shared, kept
 * or copied (a slice of a longer text is copied before it is kept), the text comes back unchanged.
 */
import { sharedText } from '../../src/common/shared-text';

describe('sharedText', () => {
  it('gives back equal texts read from different places unchanged, the first and every later time', () => {
    const line = 'ITEM-1\t2025-01-31\tITEM-1\t2025-01-31';
    expect(sharedText(line.slice(0, 6))).toBe('ITEM-1');
    expect(sharedText(line.slice(18, 24))).toBe('ITEM-1');
    expect(sharedText(line.slice(7, 17))).toBe('2025-01-31');
    expect(sharedText(line.slice(25))).toBe('2025-01-31');
  });

  it('gives back a long text unchanged, past the default limit and within a raised one', () => {
    const key = '(Sale,"Direct Cost",,,BLUE,RESALE,DOMESTIC,RETAIL)';
    expect(sharedText(key)).toBe(key);
    const row = `${key}\t2025-02-01`;
    expect(sharedText(row.slice(0, key.length), 200)).toBe(key);
    expect(sharedText(row.slice(0, key.length), 200)).toBe(key);
  });

  it('gives back texts with any characters unchanged when it copies them', () => {
    const text = 'LAGER-ØST-Å1-ÆBLE-😀';
    expect(sharedText(`x${text}`.slice(1))).toBe(text);
    expect(sharedText(text)).toBe(text);
  });
});
