import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { isIsoDate } from '../common/dates';
import { NotFoundError, ValidationError } from '../common/errors';
import { quoted } from '../common/text-bounds';
import { withSession } from '../database/sql-session';

type FilterKind = 'text' | 'int' | 'bool' | 'dateFrom' | 'dateTo';

interface LedgerView {
  table: string;
  /** Unique, ascending key the pages follow (keyset paging). */
  key: string;
  columns: string;
  filters: Record<string, { column: string; kind: FilterKind }>;
}

const DATE_FILTERS = (column: string) => ({
  postingDateFrom: { column, kind: 'dateFrom' as const },
  postingDateTo: { column, kind: 'dateTo' as const },
});

/** The ledgers as the API exposes them: which filters each takes, in camelCase. */
export const LEDGER_VIEWS: Record<string, LedgerView> = {
  'item-ledger-entries': {
    table: 'item_ledger_entry',
    key: 'entry_no',
    columns: '*',
    filters: {
      itemNo: { column: 'item_no', kind: 'text' },
      locationCode: { column: 'location_code', kind: 'text' },
      variantCode: { column: 'variant_code', kind: 'text' },
      entryType: { column: 'entry_type', kind: 'text' },
      documentNo: { column: 'document_no', kind: 'text' },
      open: { column: 'open', kind: 'bool' },
      positive: { column: 'positive', kind: 'bool' },
      ...DATE_FILTERS('posting_date'),
    },
  },
  'value-entries': {
    // With Cost Posted to G/L, which is kept beside the value entry (value_entry_gl_posting).
    table: 'value_entry_with_gl',
    key: 'entry_no',
    columns: '*',
    filters: {
      itemNo: { column: 'item_no', kind: 'text' },
      itemLedgerEntryNo: { column: 'item_ledger_entry_no', kind: 'int' },
      locationCode: { column: 'location_code', kind: 'text' },
      entryType: { column: 'entry_type', kind: 'text' },
      itemLedgerEntryType: { column: 'item_ledger_entry_type', kind: 'text' },
      adjustment: { column: 'adjustment', kind: 'bool' },
      documentNo: { column: 'document_no', kind: 'text' },
      ...DATE_FILTERS('posting_date'),
    },
  },
  'item-application-entries': {
    table: 'item_application_entry',
    key: 'entry_no',
    columns: '*',
    filters: {
      itemLedgerEntryNo: { column: 'item_ledger_entry_no', kind: 'int' },
      inboundItemEntryNo: { column: 'inbound_item_entry_no', kind: 'int' },
      outboundItemEntryNo: { column: 'outbound_item_entry_no', kind: 'int' },
      costApplication: { column: 'cost_application', kind: 'bool' },
    },
  },
  'item-registers': { table: 'item_register', key: 'no', columns: '*', filters: { userId: { column: 'user_id', kind: 'text' } } },
  'gl-entries': {
    table: 'gl_entry',
    key: 'entry_no',
    columns: '*',
    filters: {
      accountNo: { column: 'account_no', kind: 'text' },
      registerNo: { column: 'register_no', kind: 'int' },
      documentNo: { column: 'document_no', kind: 'text' },
      ...DATE_FILTERS('posting_date'),
    },
  },
  'gl-registers': { table: 'gl_register', key: 'no', columns: '*', filters: {} },
  'gl-item-ledger-relations': {
    table: 'gl_item_ledger_relation',
    key: 'gl_entry_no',
    columns: '*',
    filters: {
      valueEntryNo: { column: 'value_entry_no', kind: 'int' },
      glRegisterNo: { column: 'gl_register_no', kind: 'int' },
    },
  },
  'inventory-period-entries': { table: 'inventory_period_entry', key: 'entry_no', columns: '*', filters: {} },
};

export interface LedgerPage {
  items: Record<string, unknown>[];
  /** Pass as `after` to get the next page; null on the last page. */
  nextAfter: number | null;
}

/**
 * Ledger queries with filters and keyset paging: `after` is the last key of the previous page,
 * so a page costs the same at entry 10 as at entry 10 million. Amounts are decimal strings.
 */
@Injectable()
export class LedgerQueryService {
  constructor(private readonly orm: MikroORM) {}

  async page(ledger: string, query: Record<string, string | undefined>): Promise<LedgerPage> {
    // Own keys only: `constructor` or `__proto__` is no ledger (issue 15, item 5).
    const view = Object.hasOwn(LEDGER_VIEWS, ledger) ? LEDGER_VIEWS[ledger] : undefined;
    if (!view) throw new NotFoundError(`${quoted(ledger)} is not a ledger (${Object.keys(LEDGER_VIEWS).join(', ')})`);
    const where: string[] = [];
    const params: (string | number | boolean)[] = [];
    const allowed = new Set([...Object.keys(view.filters), 'after', 'limit']);
    for (const name of Object.keys(query))
      if (!allowed.has(name)) throw ValidationError.at(undefined, name, `is not a filter of ${ledger} (filters: ${[...allowed].join(', ')})`);
    for (const [name, filter] of Object.entries(view.filters)) {
      const raw = query[name];
      if (raw === undefined) continue;
      params.push(parseFilter(name, filter.kind, raw));
      const op = filter.kind === 'dateFrom' ? '>=' : filter.kind === 'dateTo' ? '<=' : '=';
      where.push(`${filter.column} ${op} $${params.length}`);
    }
    const after = query.after !== undefined ? parseFilter('after', 'int', query.after) : 0;
    params.push(after);
    where.push(`${view.key} > $${params.length}`);
    const limit = query.limit !== undefined ? Math.min(Number(parseFilter('limit', 'int', query.limit)), 10_000) : 500;
    if (limit < 1) throw ValidationError.at(undefined, 'limit', 'must be at least 1');
    params.push(limit + 1);
    const rows = await withSession(this.orm, (sql) =>
      sql.query<Record<string, unknown>>(
        `SELECT ${view.columns} FROM ${view.table} WHERE ${where.join(' AND ')} ORDER BY ${view.key} LIMIT $${params.length}`,
        params,
      ),
    );
    const more = rows.length > limit;
    const items = rows.slice(0, limit).map(camelRow);
    return { items, nextAfter: more ? (items[items.length - 1][camel(view.key)] as number) : null };
  }
}

function parseFilter(name: string, kind: FilterKind, raw: string): string | number | boolean {
  switch (kind) {
    case 'int': {
      const n = Number(raw);
      // Entry numbers are int4: a larger number would be a database error, not an empty page.
      if (!/^\d+$/.test(raw) || !Number.isInteger(n) || n < 0 || n > 2147483647)
        throw ValidationError.at(undefined, name, `${quoted(raw)} is not a whole number from 0 to 2147483647`);
      return n;
    }
    case 'bool':
      if (raw !== 'true' && raw !== 'false') throw ValidationError.at(undefined, name, `${quoted(raw)} is not true or false`);
      return raw === 'true';
    case 'dateFrom':
    case 'dateTo':
      if (!isIsoDate(raw)) throw ValidationError.at(undefined, name, `${quoted(raw)} is not a date (YYYY-MM-DD)`);
      return raw;
    default:
      return raw;
  }
}

function camel(column: string): string {
  return column.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/Gl(?=[A-Z]|$)/g, 'GL');
}

function camelRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[camel(k)] = v;
  return out;
}
