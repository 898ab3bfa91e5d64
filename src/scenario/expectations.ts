/**
 * Evaluates a scenario's `expect` list against its result document (scenario-format.md,
 * "expect"): select rows with `where`, then test one field, a sum or a count. Decimals compare by
 * value ("-2" equals "-2.00"); dates, booleans, texts and null compare exactly.
 */
import { Dec, parseDecimal, ZERO } from '../common/decimal';
import type { ResultDocument, Row } from './result-document';

/** Fields that look like numbers but are texts: never compared by value. */
const TEXT_FIELDS = new Set([
  'documentNo',
  'ref',
  'inboundRef',
  'outboundRef',
  'itemNo',
  'no',
  'accountNo',
  'locationCode',
  'variantCode',
  'serialNo',
  'lotNo',
  'itemChargeNo',
  'as',
  'name',
]);

const COLLECTIONS = [
  'itemLedgerEntries',
  'valueEntries',
  'itemApplicationEntries',
  'glEntries',
  'glItemLedgerRelations',
  'items',
  'capacityLedgerEntries',
  'productionOrders',
  'avgCostAdjmtEntryPoints',
  'inventoryPeriods',
  'errors',
] as const;

export interface ExpectationFailure {
  index: number;
  selection: string;
  expected: unknown;
  actual: unknown;
  reason: string;
}

export function checkExpectations(expect: readonly Record<string, unknown>[], result: ResultDocument): ExpectationFailure[] {
  const failures: ExpectationFailure[] = [];
  expect.forEach((e, index) => {
    const failure = checkOne(e, index, result);
    if (failure) failures.push(failure);
  });
  return failures;
}

function checkOne(e: Record<string, unknown>, index: number, result: ResultDocument): ExpectationFailure | null {
  const base = typeof e.at === 'string' ? result.snapshots[e.at] : result;
  const fail = (selection: string, actual: unknown, reason: string): ExpectationFailure => ({ index, selection, expected: e.equals, actual, reason });
  if (!base) return fail(`at ${String(e.at)}`, undefined, `no snapshot named ${String(e.at)}`);

  let rows: Row[];
  let where: Record<string, unknown>;
  let selection: string;
  if (typeof e.report === 'string') {
    rows = (base as ResultDocument).reports?.[e.report] ?? [];
    where = (e.where as Record<string, unknown>) ?? {};
    selection = `report ${e.report} where ${JSON.stringify(where)}`;
    if (!(base as ResultDocument).reports?.[e.report]) return fail(selection, undefined, `no report recorded as ${e.report}`);
  } else {
    const name = COLLECTIONS.find((c) => c in e);
    if (!name) return fail(JSON.stringify(e), undefined, 'the expectation names no collection');
    rows = ((base as unknown as Record<string, Row[]>)[name] ?? []) as Row[];
    where = (e[name] as Record<string, unknown>) ?? {};
    selection = `${name} where ${JSON.stringify(where)}`;
  }
  const matched = rows.filter((row) => Object.entries(where).every(([field, cond]) => matches(field, row[field], cond)));
  if (e.at) selection = `at ${String(e.at)}: ${selection}`;

  if (e.count === true) {
    const ok = Number(e.equals) === matched.length;
    return ok ? null : fail(`${selection} count`, matched.length, 'count differs');
  }
  if (typeof e.sum === 'string') {
    let total = ZERO;
    for (const row of matched) total = total.plus(parseDecimal(row[e.sum] ?? 0) ?? ZERO);
    const expected = parseDecimal(e.equals);
    const ok = expected !== null && expected.eq(total);
    return ok ? null : fail(`${selection} sum ${e.sum} (${matched.length} rows)`, total.toFixed(), 'sum differs');
  }
  if (typeof e.field === 'string') {
    if (matched.length !== 1) return fail(`${selection} field ${e.field}`, `${matched.length} rows`, 'exactly one row must match');
    const actual = matched[0][e.field];
    return equal(e.field, actual, e.equals) ? null : fail(`${selection} field ${e.field}`, actual, 'value differs');
  }
  return fail(selection, undefined, 'the expectation has no field, sum or count');
}

function matches(field: string, actual: unknown, cond: unknown): boolean {
  if (cond !== null && typeof cond === 'object' && !Array.isArray(cond)) {
    return Object.entries(cond as Record<string, unknown>).every(([op, value]) => {
      if (op === 'ne') return !equal(field, actual, value);
      const c = compare(field, actual, value);
      if (c === null) return false;
      switch (op) {
        case 'gte':
          return c >= 0;
        case 'lte':
          return c <= 0;
        case 'gt':
          return c > 0;
        case 'lt':
          return c < 0;
        default:
          return false;
      }
    });
  }
  return equal(field, actual, cond);
}

function asDecimal(field: string, value: unknown): Dec | null {
  if (TEXT_FIELDS.has(field)) return null;
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  return parseDecimal(value);
}

export function equal(field: string, actual: unknown, expected: unknown): boolean {
  const a = asDecimal(field, actual);
  const b = asDecimal(field, expected);
  if (a && b) return a.eq(b);
  if (actual === undefined) actual = null;
  return actual === expected;
}

function compare(field: string, actual: unknown, expected: unknown): number | null {
  const a = asDecimal(field, actual);
  const b = asDecimal(field, expected);
  if (a && b) return a.comparedTo(b);
  if (typeof actual === 'string' && typeof expected === 'string') return actual < expected ? -1 : actual > expected ? 1 : 0;
  return null;
}

export function describeFailure(f: ExpectationFailure): string {
  return `expectation ${f.index}: ${f.selection}: expected ${JSON.stringify(f.expected)}, actual ${JSON.stringify(f.actual)} (${f.reason})`;
}
