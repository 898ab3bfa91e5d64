import { ValidateBy, ValidationOptions } from 'class-validator';
import { Dec, isDecimalString, parseDecimal } from '../decimal';
import { JSON_NUMBER_REFUSED } from '../decimal-bounds';

/** OpenAPI schema of every decimal field: a string, never a JSON number. */
export const DECIMAL_SCHEMA = { type: 'string', pattern: '^[+-]?\\d+(\\.\\d+)?$', example: '10.00' } as const;

/**
 * A decimal at the edge: a plain decimal string only. A JSON number is refused with a message
 * saying to send a string: by the time it reaches us it is a binary float and may have lost
 * digits (12345678901234567.89 arrives as 12345678901234568). Bounds are checked by the
 * service, which knows the precisions.
 */
export function IsDecimalInput(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDecimalInput',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isDecimalString(value.trim()),
        defaultMessage: (args) =>
          typeof args?.value === 'number' ? `$property ${JSON_NUMBER_REFUSED}` : '$property must be a decimal string such as "10" or "-3.33"',
      },
    },
    options,
  );
}

/** The value of a field `IsDecimalInput` accepted, as a decimal. */
export function decimalInput(value: string): Dec {
  const parsed = parseDecimal(value);
  if (!parsed) throw new Error(`'${value}' passed IsDecimalInput but is not a decimal`);
  return parsed;
}
