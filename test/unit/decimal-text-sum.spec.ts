import { DecimalTextSum } from '../../src/common/decimal-text-sum';
import { exactSum } from '../../src/common/decimal';
import { seededRandom } from '../../src/common/seeded-random';

function sumOf(texts: string[], negated = false): string {
  const sum = new DecimalTextSum();
  for (const t of texts) sum.add(t, negated);
  return sum.toText();
}

describe('DecimalTextSum (exact sums of numeric texts, printed as PostgreSQL prints sum(numeric))', () => {
  it('keeps the largest scale added, a leading zero and no negative zero', () => {
    expect(sumOf(['1.50', '2.5'])).toBe('4.00');
    expect(sumOf(['3', '-3'])).toBe('0');
    expect(sumOf(['0.10', '-0.10'])).toBe('0.00');
    expect(sumOf(['-0.25', '0.2'])).toBe('-0.05');
    expect(sumOf(['12.345', '7'])).toBe('19.345');
    expect(sumOf(['-1.5', '-2.25'], true)).toBe('3.75');
    expect(new DecimalTextSum().toText()).toBe('0');
  });

  it('is exact where a float is not: 0.1 + 0.2, and amounts beyond 2^53', () => {
    expect(sumOf(['0.1', '0.2'])).toBe('0.3');
    expect(sumOf(['9007199254740993.01', '9007199254740993.01', '-0.02'])).toBe('18014398509481986.00');
    expect(sumOf(Array.from({ length: 1000 }, () => '0.01'))).toBe('10.00');
  });

  it('agrees with decimal.js summing exactly, over random amounts of mixed scales and signs, small and past 2^53', () => {
    const random = seededRandom(12);
    for (let round = 0; round < 400; round++) {
      // Every other round: 15- to 22-digit amounts, so that sums leave the safe-integer range (and
      // come back), and some amounts are read as BigInt from the start.
      const huge = round % 2 === 1;
      const texts = Array.from({ length: 1 + Math.floor(random() * (huge ? 400 : 50)) }, () => {
        const scale = Math.floor(random() * 6);
        const magnitude = huge ? BigInt(Math.floor(random() * 1e15)) * 10n ** BigInt(Math.floor(random() * 8)) : BigInt(Math.floor(random() * 1e12));
        const units = magnitude * (random() < 0.5 ? -1n : 1n);
        const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
        const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
        return units < 0n ? `-${text}` : text;
      });
      const maxScale = Math.max(...texts.map((t) => (t.includes('.') ? t.length - t.indexOf('.') - 1 : 0)));
      expect(sumOf(texts)).toBe(exactSum(texts).toFixed(maxScale));
      expect(sumOf(texts, true)).toBe(
        exactSum(texts)
          .negated()
          .toFixed(maxScale)
          .replace(/^-(0\.?0*)$/, '$1'),
      );
    }
  });

  it('refuses a text that is not a plain decimal, whatever a float parser would make of it', () => {
    for (const bad of ['', '1e5', ' 1', '1.', '.5', 'NaN', '1,5', '+1']) expect(() => new DecimalTextSum().add(bad)).toThrow(/not a plain decimal/);
  });
});
