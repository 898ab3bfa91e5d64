/**
 * Report options arrive as query-string text, CLI flags or scenario JSON. These readers accept
 * all three and refuse anything else with an error naming the option, so that a report is never
 * printed with an option silently ignored or misread.
 */
import { IsoDate, isIsoDate } from '../common/dates';
import { ValidationError } from '../common/errors';
import type { PrintedOption } from './report-definition';

export type RawOptions = Record<string, unknown>;

function present(raw: RawOptions, name: string): boolean {
  const v = raw[name];
  return v !== undefined && v !== null && v !== '';
}

export function dateOption(raw: RawOptions, name: string): IsoDate | null {
  if (!present(raw, name)) return null;
  const v = raw[name];
  if (!isIsoDate(v)) throw ValidationError.at(undefined, name, `'${String(v)}' is not a date (YYYY-MM-DD)`);
  return v;
}

export function requiredDateOption(raw: RawOptions, name: string, fallback: IsoDate | null = null): IsoDate {
  const v = dateOption(raw, name) ?? fallback;
  if (!v) throw ValidationError.at(undefined, name, 'is required');
  return v;
}

export function booleanOption(raw: RawOptions, name: string, fallback: boolean): boolean {
  if (!present(raw, name)) return fallback;
  const v = raw[name];
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'yes' || v === '1') return true;
  if (v === 'false' || v === 'no' || v === '0') return false;
  throw ValidationError.at(undefined, name, `'${String(v)}' is not true or false`);
}

export function choiceOption<T extends string>(raw: RawOptions, name: string, choices: readonly T[], fallback: T): T {
  if (!present(raw, name)) return fallback;
  const v = raw[name];
  const found = choices.find((c) => c === v);
  if (!found) throw ValidationError.at(undefined, name, `'${String(v)}' is not one of ${choices.join(', ')}`);
  return found;
}

/** A filter on codes: one code, a comma-separated list, or a JSON array of codes. */
export function codeListOption(raw: RawOptions, name: string): string[] | null {
  if (!present(raw, name)) return null;
  const v = raw[name];
  const list = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : null;
  if (!list || list.some((c) => typeof c !== 'string')) throw ValidationError.at(undefined, name, 'must be a code or a comma-separated list of codes');
  const codes = (list as string[]).map((c) => c.trim()).filter((c) => c !== '');
  return codes.length > 0 ? codes : null;
}

/** A single code filter; '' is a valid code (the blank location), so only absence means "all". */
export function codeOption(raw: RawOptions, name: string): string | null {
  const v = raw[name];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw ValidationError.at(undefined, name, 'must be a code');
  return v;
}

export function checkDateRange(from: IsoDate | null, to: IsoDate | null, fromName: string, toName: string): void {
  if (from && to && from > to) throw ValidationError.at(undefined, fromName, `must not be after ${toName}`);
}

/** Refuses options a report does not know, so that a misspelt option is not silently ignored. */
export function rejectUnknownOptions(raw: RawOptions, known: readonly string[]): void {
  const unknown = Object.keys(raw).filter((k) => !known.includes(k));
  if (unknown.length > 0) throw ValidationError.at(undefined, unknown[0], `is not an option of this report (options: ${known.join(', ')})`);
}

/** How a code filter prints among the options: the codes, "(blank)" for the blank code, or "All". */
export function filterValue(filter: string | string[] | null): PrintedOption['value'] {
  if (filter === null) return { label: 'value.all' };
  if (Array.isArray(filter)) return { text: filter.join(', ') };
  return filter === '' ? { label: 'value.blank' } : { text: filter };
}
