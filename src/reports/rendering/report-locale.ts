/**
 * A report's language: its labels (templates/locales/<locale>.json) and how it prints numbers
 * and dates (Intl). Decimals are formatted from their exact decimal string — Intl.NumberFormat
 * formats a string without turning it into a float — so 12 345 678 901 234.57 prints as stored.
 * nb-NO prints a no-break space between thousands, a decimal comma and the true minus sign
 * U+2212, which is why the PDFs embed Roboto (Helvetica has no such glyph).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Dec } from '../../common/decimal';
import { ValidationError } from '../../common/errors';
import type { ColumnKind, TextRef, TextValue } from '../report-definition';
import { templatesDir } from './templates-dir';

export const LOCALES = ['en', 'nb-NO'] as const;
export type ReportLocaleName = (typeof LOCALES)[number];

export function parseLocale(value: unknown): ReportLocaleName {
  if (value === undefined || value === null || value === '') return 'en';
  const found = LOCALES.find((l) => l.toLowerCase() === String(value).toLowerCase());
  if (!found) throw ValidationError.at(undefined, 'locale', `'${String(value)}' is not a report language (${LOCALES.join(', ')})`);
  return found;
}

const labelCache = new Map<ReportLocaleName, Record<string, string>>();

function labels(locale: ReportLocaleName): Record<string, string> {
  let found = labelCache.get(locale);
  if (!found) {
    found = JSON.parse(fs.readFileSync(path.join(templatesDir(), 'locales', `${locale}.json`), 'utf8')) as Record<string, string>;
    labelCache.set(locale, found);
  }
  return found;
}

/** Fraction digits per column kind: amounts at the G/L amount precision, unit costs at the unit precision. */
function fractionDigits(precision: string): number {
  const dot = precision.indexOf('.');
  return dot < 0 ? 0 : precision.replace(/0+$/, '').length - dot - 1;
}

export class ReportLocale {
  private readonly labels: Record<string, string>;
  private readonly formats: Record<Exclude<ColumnKind, 'text' | 'date'>, Intl.NumberFormat>;
  private readonly dateFormat: Intl.DateTimeFormat;
  private readonly timeFormat: Intl.DateTimeFormat;
  private readonly amountDigits: number;

  constructor(
    readonly name: ReportLocaleName,
    precisions: { amount: string; unitAmount: string },
    timeZone = 'UTC',
  ) {
    this.labels = labels(name);
    const amountDigits = fractionDigits(precisions.amount);
    this.amountDigits = amountDigits;
    const unitDigits = Math.max(amountDigits, fractionDigits(precisions.unitAmount));
    // signDisplay 'negative' (ES2023): no "-0.00" for a figure that rounds to zero.
    const number = (min: number, max: number) =>
      new Intl.NumberFormat(name, { minimumFractionDigits: min, maximumFractionDigits: max, signDisplay: 'negative' } as unknown as Intl.NumberFormatOptions);
    this.formats = {
      integer: number(0, 0),
      quantity: number(0, 5),
      amount: number(amountDigits, amountDigits),
      unitAmount: number(amountDigits, unitDigits),
    };
    this.dateFormat = new Intl.DateTimeFormat(name, { dateStyle: 'medium', timeZone: 'UTC' });
    this.timeFormat = new Intl.DateTimeFormat(name, { dateStyle: 'medium', timeStyle: 'long', timeZone });
  }

  /** A label with its `{name}` placeholders filled; a missing label is a programming error. */
  text(ref: TextRef | string): string {
    const { key, values } = typeof ref === 'string' ? { key: ref, values: undefined } : ref;
    const label = this.labels[key];
    if (label === undefined) throw new Error(`no label "${key}" in templates/locales/${this.name}.json`);
    return label.replace(/\{(\w+)\}/g, (m, name: string) => (values && name in values ? this.value(values[name]) : m));
  }

  value(v: TextValue): string {
    return typeof v === 'string' ? v : v.date ? this.date(v.date) : '';
  }

  date(iso: string): string {
    return this.dateFormat.format(new Date(`${iso}T00:00:00Z`));
  }

  dateTime(at: Date): string {
    return this.timeFormat.format(at);
  }

  /**
   * A figure for CSV: plain notation, '.' as decimal point in every language, amounts with the
   * G/L setup's decimals (exact: amounts are stored at that precision), other figures as they are.
   */
  plain(kind: Exclude<ColumnKind, 'text' | 'date'>, value: string | number): string {
    if (kind !== 'amount') return String(value);
    return new Dec(value).toFixed(this.amountDigits);
  }

  /** A figure as printed: decimal strings exactly, in the locale's separators and minus sign. */
  number(kind: Exclude<ColumnKind, 'text' | 'date'>, value: string | number): string {
    return this.formats[kind].format(value as unknown as number);
  }
}
