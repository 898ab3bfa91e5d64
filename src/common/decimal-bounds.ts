/**
 * Bounds of the decimals the product takes in (issue 15, item 2). Amounts and quantities are
 * exact to the digit, so a value that cannot be stored and added up exactly, or that has more
 * decimals than the G/L setup rounds to, is refused at the edge instead of being rounded there.
 *
 * - quantities: below 10^12 in absolute value, at most 5 decimals (Business Central's quantity
 *   rounding precision, 0.00001);
 * - unit costs: below 10^15, at most the decimals of the unit-amount rounding precision;
 * - amounts: below 10^15, at most the decimals of the amount rounding precision;
 * - other decimals of setup records: below 10^15, at most 10 decimals.
 */
import { Dec, parseDecimal, placesOf } from './decimal';

export interface DecimalBounds {
  /** Digits before the decimal point; the value is below 10^maxIntegerDigits in absolute value. */
  maxIntegerDigits: number;
  maxDecimals: number;
  /** What the decimals come from, for the message ("the amount rounding precision 0.01"). */
  decimalsFrom?: string;
}

export const QUANTITY_BOUNDS: DecimalBounds = { maxIntegerDigits: 12, maxDecimals: 5, decimalsFrom: 'the quantity precision 0.00001' };
export const SETUP_DECIMAL_BOUNDS: DecimalBounds = { maxIntegerDigits: 15, maxDecimals: 10 };

export function amountBounds(amountPrecision: Dec): DecimalBounds {
  return { maxIntegerDigits: 15, maxDecimals: placesOf(amountPrecision), decimalsFrom: `the amount rounding precision ${amountPrecision.toFixed()}` };
}

export function unitAmountBounds(unitAmountPrecision: Dec): DecimalBounds {
  return {
    maxIntegerDigits: 15,
    maxDecimals: placesOf(unitAmountPrecision),
    decimalsFrom: `the unit-amount rounding precision ${unitAmountPrecision.toFixed()}`,
  };
}

/** Why a decimal is out of bounds, or null when it is within them. */
export function boundsProblem(value: Dec, bounds: DecimalBounds): string | null {
  const limit = new Dec(10).pow(bounds.maxIntegerDigits);
  if (value.abs().gte(limit)) return `${value.toFixed()} is out of range: the value must be below ${limit.toFixed()} in absolute value`;
  const places = value.decimalPlaces();
  if (places > bounds.maxDecimals) {
    const from = bounds.decimalsFrom ? ` (${bounds.decimalsFrom})` : '';
    return `${value.toFixed()} has ${places} decimals; at most ${bounds.maxDecimals} are allowed${from}`;
  }
  return null;
}

export const JSON_NUMBER_REFUSED = 'must be a JSON string such as "10.00", not a JSON number: a number may lose digits before it arrives';

/**
 * Reads a decimal field of a request: a plain decimal string only. A JSON number is refused
 * (its digits may already be lost), as is anything out of bounds.
 */
export function readDecimalField(value: unknown, bounds: DecimalBounds): { value: Dec } | { error: string } {
  if (typeof value === 'number') return { error: JSON_NUMBER_REFUSED };
  if (typeof value !== 'string') return { error: `must be a decimal string such as "10.00"` };
  const parsed = parseDecimal(value);
  if (!parsed) return { error: `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}' is not a decimal number` };
  const problem = boundsProblem(parsed, bounds);
  return problem ? { error: problem } : { value: parsed };
}
