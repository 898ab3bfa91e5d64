import DecimalJs from 'decimal.js';

/**
 * The one Decimal constructor of the product: an isolated clone, so that no other library's
 * `Decimal.set()` can change our precision or rounding. 40 significant digits is far beyond any
 * amount or quantity we store (numeric columns, 18 digits in Business Central); exponent notation
 * is switched off so that `toString()` always prints plain digits.
 *
 * Rounding is "half away from zero", which is what Business Central's ROUND(x, p, '=') does for
 * both signs: 2.345 -> 2.35 and -2.345 -> -2.35.
 */
export const Dec = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
export type Dec = InstanceType<typeof Dec>;

const interned = new Map<string, Dec>();
const INTERN_MAX_LENGTH = 8;
const INTERN_MAX_SIZE = 100_000;

/**
 * A numeric column's text as a Dec. Ledger rows repeat a few short values (0, 1, -10, 12.5) in
 * every quantity column; those are shared, since a Dec never changes, instead of parsed and
 * allocated again per row (issue 12: parsing and garbage collection were a third of loading a
 * batch). Long texts (most amounts) are parsed as before; the table is bounded.
 */
export function decFromText(text: string): Dec {
  if (text === '0') return ZERO; // most expected costs, many quantities: no lookup at all
  if (text.length > INTERN_MAX_LENGTH) return new Dec(text);
  let value = interned.get(text);
  if (value === undefined) {
    value = new Dec(text);
    if (interned.size < INTERN_MAX_SIZE) interned.set(text, value);
  }
  return value;
}

/**
 * Sums that must be exact to the last digit whatever the magnitudes (issue 15, item 4): a
 * reconciliation adding 10^45 and 2.00 must not round to 40 significant digits and lose the 2.00.
 * Only additions and subtractions: a division with this precision would never stop. Convert the
 * result back with `fromExact`, so that no caller divides an exact value by accident.
 */
const ExactDec = DecimalJs.clone({ precision: 1e9, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -9e15, toExpPos: 9e15 });

export function exactSum(values: Iterable<Dec | string>): Dec {
  let total = new ExactDec(0);
  for (const v of values) total = total.plus(v);
  return fromExact(total);
}

/** a − b, exactly. */
export function exactDifference(a: Dec | string, b: Dec | string): Dec {
  return fromExact(new ExactDec(a).minus(b));
}

// Dec's constructor keeps every digit it is given (only arithmetic rounds to `precision`).
function fromExact(value: InstanceType<typeof ExactDec>): Dec {
  return new Dec(value.toFixed());
}

// Note: decimal.js's isPositive()/isNegative() test the sign, so isPositive() is true for 0.
// Write greaterThan(0) / lessThan(0) for "> 0" / "< 0".
export const ZERO: Dec = new Dec(0);
export const ONE: Dec = new Dec(1);

const DECIMAL_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** True for a plain decimal string such as "10", "-3.33" or "0.00001" (no exponent, no spaces). */
export function isDecimalString(value: string): boolean {
  return DECIMAL_PATTERN.test(value);
}

/**
 * Reads an amount or quantity from the edge of the system. Strings must be plain decimals; JSON
 * numbers are accepted but read through their shortest decimal representation (what the JSON
 * text said), never as the binary float they were parsed into.
 */
export function parseDecimal(value: unknown): Dec | null {
  if (value instanceof Dec) return value;
  if (typeof value === 'string') {
    const text = value.trim();
    return isDecimalString(text) ? new Dec(text) : null;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    const text = String(value);
    return isDecimalString(text) ? new Dec(text) : new Dec(value.toFixed(20)).toDecimalPlaces(18);
  }
  return null;
}

/** A decimal from a value already known to be valid (database column, internal data). */
export function dec(value: Dec | string | number): Dec {
  return value instanceof Dec ? value : new Dec(value);
}

/** Plain-notation text of a decimal, never exponent form; trailing zeros kept as stored. */
export function decText(value: Dec): string {
  return value.toFixed();
}

/** Rounds to a precision given as a step such as 0.01 or 0.00001 (G/L setup precisions). */
export function roundTo(value: Dec, precision: Dec): Dec {
  if (precision.isZero()) return value;
  // A power of ten (0.01, 0.00001, 1: nearly every setup) is a number of decimal places, which
  // decimal.js rounds to without the division and multiplication toNearest makes (issue 12: the
  // adjustment rounds every share); same digits, same sign, same half-away-from-zero rounding.
  const places = decimalPlacesOfStep(precision);
  if (places === null) return value.toNearest(precision, Dec.ROUND_HALF_UP);
  // Most values are at the precision already (a whole share, a sum of rounded amounts): the same
  // Dec, not an equal new one (Decs never change; the adjustment rounds millions of them).
  return value.decimalPlaces() <= places ? value : value.toDecimalPlaces(places, Dec.ROUND_HALF_UP);
}

/** Keyed by the step itself: a setup's precisions are a few long-lived Decs. */
const stepPlaces = new WeakMap<Dec, number | null>();

/** 2 for 0.01, 0 for 1; null for a step that is not 10^-n with n ≥ 0 (0.05, 0.25, 10). */
function decimalPlacesOfStep(step: Dec): number | null {
  let places = stepPlaces.get(step);
  if (places === undefined) {
    places = /^(1|0\.0*1)$/.test(step.toFixed()) ? step.decimalPlaces() : null;
    stepPlaces.set(step, places);
  }
  return places;
}

/** Number of decimal places a precision step implies: 0.01 -> 2. Used to print amounts. */
export function placesOf(precision: Dec): number {
  return precision.decimalPlaces();
}

export function sumDec(values: Iterable<Dec>): Dec {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

export function minDec(a: Dec, b: Dec): Dec {
  return a.lessThan(b) ? a : b;
}

export function maxDec(a: Dec, b: Dec): Dec {
  return a.greaterThan(b) ? a : b;
}
