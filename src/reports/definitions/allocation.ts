import { Dec, roundTo, ZERO } from '../../common/decimal';

/**
 * Splits `total` over the weights in proportion, each part rounded to `precision`, the rounding
 * difference put on the largest part, so that the parts add up to `total` exactly. Weights that
 * add up to zero cannot be scaled: they are kept as they are when they already add up to the
 * total, otherwise the total goes to the first part.
 */
export function allocateExactly(total: Dec, weights: readonly Dec[], precision: Dec): Dec[] {
  const sum = weights.reduce((a, w) => a.plus(w), ZERO);
  if (sum.isZero()) {
    if (total.isZero()) return weights.map((w) => w);
    return weights.map((_, i) => (i === 0 ? total : ZERO));
  }
  const raw = weights.map((w) => total.times(w).div(sum));
  const parts = raw.map((r) => roundTo(r, precision));
  const diff = parts.reduce((a, p) => a.minus(p), total);
  if (!diff.isZero()) {
    let largest = 0;
    raw.forEach((r, i) => {
      if (r.abs().greaterThan(raw[largest].abs())) largest = i;
    });
    parts[largest] = parts[largest].plus(diff);
  }
  return parts;
}
