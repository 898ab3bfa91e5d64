import { ValidateBy, ValidationOptions } from 'class-validator';
import { parseDateTime } from '../dates';

/** An instant with its offset, e.g. '2024-01-31T17:00:00Z' (RFC 3339). */
export function IsDateTimeInput(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDateTimeInput',
      validator: {
        validate: (v: unknown) => parseDateTime(v) !== null,
        defaultMessage: () => '$property must be a date-time with offset (2024-01-31T17:00:00Z)',
      },
    },
    options,
  );
}
