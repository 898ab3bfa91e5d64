import { Type } from '@mikro-orm/core';
import { Dec } from '../common/decimal';

/**
 * A PostgreSQL `numeric` column mapped to a Decimal. MikroORM's own DecimalType compares values
 * through JavaScript floats (`+a === +b`), which can take two different amounts for equal and
 * skip an update; this type compares them exactly and writes them in plain notation, never in
 * exponent form. The column has no precision or scale: PostgreSQL keeps every digit we give it.
 */
export class DecimalColumnType extends Type<Dec | null, string | null> {
  override convertToDatabaseValue(value: Dec | string | number | null | undefined): string | null {
    if (value === null || value === undefined) return null;
    return (value instanceof Dec ? value : new Dec(value)).toFixed();
  }

  override convertToJSValue(value: string | Dec | null | undefined): Dec | null {
    if (value === null || value === undefined) return null;
    return value instanceof Dec ? value : new Dec(value);
  }

  override compareValues(a: string | null, b: string | null): boolean {
    if (a === null || b === null || a === undefined || b === undefined) return a === b;
    return new Dec(a).eq(new Dec(b));
  }

  /** Not a string: MikroORM's assign() would otherwise refuse a Decimal value. */
  override get runtimeType(): string {
    return 'Decimal';
  }

  override compareAsType(): string {
    return 'string';
  }

  override ensureComparable(): boolean {
    return false;
  }

  override getColumnType(): string {
    return 'numeric';
  }

  override toJSON(value: Dec | null): string | null {
    return value === null || value === undefined ? null : value.toFixed();
  }
}
