import { Dec, roundTo } from '../../src/common/decimal';

/**
 * roundTo rounds to a power-of-ten step by decimal places (issue 12: faster than toNearest); it must
 * give exactly what toNearest gives — digits, sign and half-away-from-zero — for every step.
 */
describe('roundTo', () => {
  const reference = (value: Dec, step: Dec) => value.toNearest(step, Dec.ROUND_HALF_UP);

  // A fixed pseudo-random stream, so that a failure can be reproduced.
  function* values(): Generator<Dec> {
    for (const text of ['0', '-0', '2.345', '-2.345', '0.005', '-0.005', '1.995', '-1.995', '0.0049999', '-0.0049999', '0.5', '-0.5', '12345678901234.565']) {
      yield new Dec(text);
    }
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 3000; i++) {
      const cost = new Dec((next() * 100000).toFixed(2));
      // Shares as the adjustment makes them: cost × applied quantity / inbound quantity, 40 digits.
      const share = cost.times(1 + Math.floor(next() * 17)).div(3 + Math.floor(next() * 29));
      yield i % 2 ? share.negated() : share;
      yield new Dec(cost.toFixed(2).slice(0, -1) + '5').div(i % 3 ? 10 : 1000);
    }
  }

  it.each(['1', '0.1', '0.01', '0.001', '0.00001'])('rounds to the step %s as toNearest does, half away from zero', (text) => {
    const step = new Dec(text);
    let compared = 0;
    for (const value of values()) {
      const got = roundTo(value, step);
      const want = reference(value, step);
      expect([got.toFixed(), got.isNegative()]).toEqual([want.toFixed(), want.isNegative()]);
      compared++;
    }
    expect(compared).toBeGreaterThan(6000);
  });

  it('rounds the halves away from zero', () => {
    const cent = new Dec('0.01');
    expect(['2.345', '-2.345', '0.005', '-0.005', '2.3449'].map((t) => roundTo(new Dec(t), cent).toFixed())).toEqual([
      '2.35',
      '-2.35',
      '0.01',
      '-0.01',
      '2.34',
    ]);
  });

  it('rounds to steps that are not a power of ten (0.05, 0.25, 10) as toNearest does', () => {
    for (const text of ['0.05', '0.25', '10', '0.5']) {
      const step = new Dec(text);
      for (const value of values()) expect(roundTo(value, step).toFixed()).toBe(reference(value, step).toFixed());
    }
    expect(roundTo(new Dec('1.024'), new Dec('0.05')).toFixed()).toBe('1');
    expect(roundTo(new Dec('1.025'), new Dec('0.05')).toFixed()).toBe('1.05');
    expect(roundTo(new Dec('14.9'), new Dec('10')).toFixed()).toBe('10');
  });

  it('leaves a value alone for a step of 0', () => {
    expect(roundTo(new Dec('1.23456'), new Dec(0)).toFixed()).toBe('1.23456');
  });
});
