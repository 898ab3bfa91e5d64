import { ValidateBy, ValidationOptions } from 'class-validator';
import { isIsoDate } from '../dates';

/** A calendar date 'YYYY-MM-DD' that exists (2024-02-30 does not). */
export function IsIsoDateInput(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isIsoDateInput', validator: { validate: (v: unknown) => isIsoDate(v), defaultMessage: () => '$property must be a date (YYYY-MM-DD)' } },
    options,
  );
}
