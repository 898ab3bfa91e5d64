import { ValidateBy, ValidationOptions } from 'class-validator';
import { parseDecimal } from '../decimal';

/** A decimal at the edge: a plain decimal string, or a JSON number read as its decimal text. */
export function IsDecimalInput(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDecimalInput',
      validator: {
        validate: (value: unknown) => parseDecimal(value) !== null,
        defaultMessage: () => '$property must be a decimal number such as "10" or "-3.33"',
      },
    },
    options,
  );
}
