import { parseExactJson } from '../../src/common/exact-json';

describe('exact JSON for scenario files (issue 15, item 2)', () => {
  it('keeps numbers a float holds exactly and hands every other literal over as its own text', () => {
    const parsed = parseExactJson(
      '{"q": 10, "c": 12.5, "big": 12345678901234567.89, "tiny": 1e-43, "long": 123456789012345678901234567890123456789012345, "s": "a \\"12.3\\" 4", "list": [0.1, -3.33, 100000000000000000001]}',
    );
    expect(parsed).toEqual({
      q: 10,
      c: 12.5,
      big: '12345678901234567.89',
      tiny: '1e-43',
      long: '123456789012345678901234567890123456789012345',
      s: 'a "12.3" 4',
      list: [0.1, -3.33, '100000000000000000001'],
    });
  });

  it('refuses what JSON.parse refuses', () => {
    expect(() => parseExactJson('{"a": 01}')).toThrow(SyntaxError);
    expect(() => parseExactJson('{"a": 1,}')).toThrow(SyntaxError);
  });
});
