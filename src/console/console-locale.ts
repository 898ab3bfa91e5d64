/**
 * The console's languages (issue 14): the same two as the reports, chosen by the user (kept in
 * the session) or, until they choose, from Accept-Language. Labels come from
 * templates/console/locales/<locale>.json; numbers and dates print through the reports' own
 * ReportLocale, so a figure looks the same on a page as in the PDF.
 */
import * as fs from 'fs';
import * as path from 'path';
import { LOCALES, ReportLocale, ReportLocaleName } from '../reports/rendering/report-locale';
import { templatesDir } from '../reports/rendering/templates-dir';

export const CONSOLE_LOCALES = LOCALES;

/** nb, nn and no (any region) read Norwegian; anything else English. Quality values are honoured. */
export function localeFromAcceptLanguage(header: string | undefined): ReportLocaleName {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q[1]) : 1, i };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranked) {
    if (/^(nb|nn|no)(-|$)/.test(r.tag)) return 'nb-NO';
    if (/^en(-|$)/.test(r.tag)) return 'en';
  }
  return 'en';
}

export function isConsoleLocale(value: unknown): value is ReportLocaleName {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

const cache = new Map<ReportLocaleName, Record<string, string>>();

function labels(locale: ReportLocaleName): Record<string, string> {
  let found = cache.get(locale);
  if (!found) {
    found = JSON.parse(fs.readFileSync(path.join(templatesDir(), 'console', 'locales', `${locale}.json`), 'utf8')) as Record<string, string>;
    cache.set(locale, found);
  }
  return found;
}

const reportCache = new Map<ReportLocaleName, Record<string, string>>();

function reportLabels(locale: ReportLocaleName): Record<string, string> {
  let found = reportCache.get(locale);
  if (!found) {
    found = JSON.parse(fs.readFileSync(path.join(templatesDir(), 'locales', `${locale}.json`), 'utf8')) as Record<string, string>;
    reportCache.set(locale, found);
  }
  return found;
}

/** Labels and formats of one language. */
export class ConsoleText {
  readonly format: ReportLocale;
  private readonly labels: Record<string, string>;

  constructor(readonly locale: ReportLocaleName) {
    // The reports' labels (account types, causes, columns, options) under the console's own.
    this.labels = { ...reportLabels(locale), ...labels(locale) };
    this.format = new ReportLocale(locale, { amount: '0.01', unitAmount: '0.00001' });
  }

  /** A label with `{name}` placeholders filled; an unknown key prints as itself (and a test looks for those). */
  t(key: string, values: Record<string, unknown> = {}): string {
    const label = this.labels[key] ?? key;
    return label.replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m));
  }

  has(key: string): boolean {
    return key in this.labels;
  }
}
