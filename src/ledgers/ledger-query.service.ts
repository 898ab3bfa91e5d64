import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { NotFoundError, ValidationError } from '../common/errors';
import { quoted } from '../common/text-bounds';
import { withSession } from '../database/sql-session';
import type { LedgerFilter } from './ledger-page.dto';
import { LedgerQueryRepository } from './ledger-query.repository';

/** How a filter compares: equality, or a date range's bound (the DTO has validated the value). */
type FilterKind = 'text' | 'int' | 'bool' | 'dateFrom' | 'dateTo';

interface LedgerView {
  table: string;
  /** Ascending key the pages follow (keyset paging); unique unless `tieBreak` is given. */
  key: string;
  /**
   * The column that makes `key` unique, when it is not on its own: the pages follow both, and the
   * next page's cursor names both (`after` and `afterValueEntryNo`). Only the relations need one,
   * so the cursor's second field is named for it.
   */
  tieBreak?: 'value_entry_no';
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
    filters: {
      itemLedgerEntryNo: { column: 'item_ledger_entry_no', kind: 'int' },
      inboundItemEntryNo: { column: 'inbound_item_entry_no', kind: 'int' },
      outboundItemEntryNo: { column: 'outbound_item_entry_no', kind: 'int' },
      costApplication: { column: 'cost_application', kind: 'bool' },
    },
  },
  'item-registers': { table: 'item_register', key: 'no', filters: { userId: { column: 'user_id', kind: 'text' } } },
  'gl-entries': {
    table: 'gl_entry',
    key: 'entry_no',
    filters: {
      accountNo: { column: 'account_no', kind: 'text' },
      registerNo: { column: 'register_no', kind: 'int' },
      documentNo: { column: 'document_no', kind: 'text' },
      ...DATE_FILTERS('posting_date'),
    },
  },
  'gl-registers': { table: 'gl_register', key: 'no', filters: {} },
  'gl-item-ledger-relations': {
    table: 'gl_item_ledger_relation',
    // Per posting group a G/L entry has a relation per value entry it sums (thousands in a year).
    key: 'gl_entry_no',
    tieBreak: 'value_entry_no',
    filters: {
      valueEntryNo: { column: 'value_entry_no', kind: 'int' },
      glRegisterNo: { column: 'gl_register_no', kind: 'int' },
    },
  },
  'inventory-period-entries': { table: 'inventory_period_entry', key: 'entry_no', filters: {} },
};

export interface LedgerPage {
  items: Record<string, unknown>[];
  /** Pass as `after` to get the next page; null on the last page. */
  nextAfter: number | null;
  /** Only where the key is not unique (G/L – item ledger relations): pass as `afterValueEntryNo` with `after`. */
  nextAfterValueEntryNo?: number | null;
}

/**
 * Ledger queries with filters and keyset paging: `after` is the last key of the previous page,
 * so a page costs the same at entry 10 as at entry 10 million. Amounts are decimal strings.
 */
@Injectable()
export class LedgerQueryService {
  constructor(
    private readonly orm: MikroORM,
    private readonly repository: LedgerQueryRepository,
  ) {}

  async page(ledger: string, filter: LedgerFilter): Promise<LedgerPage> {
    // Own keys only: `constructor` or `__proto__` is no ledger (issue 15, item 5).
    const view = Object.hasOwn(LEDGER_VIEWS, ledger) ? LEDGER_VIEWS[ledger] : undefined;
    if (!view) throw new NotFoundError(`${quoted(ledger)} is not a ledger (${Object.keys(LEDGER_VIEWS).join(', ')})`);
    const allowed = new Set([...Object.keys(view.filters), 'after', 'limit', ...(view.tieBreak ? ['afterValueEntryNo'] : [])]);
    const given = Object.entries(filter).filter(([, v]) => v !== undefined) as [keyof LedgerFilter, string | number | boolean][];
    for (const [name] of given)
      if (!allowed.has(name)) throw ValidationError.at(undefined, name, `is not a filter of ${ledger} (filters: ${[...allowed].join(', ')})`);
    const conditions = given
      .filter(([name]) => Object.hasOwn(view.filters, name))
      .map(([name, value]) => {
        const { column, kind } = view.filters[name];
        return { column, op: kind === 'dateFrom' ? ('>=' as const) : kind === 'dateTo' ? ('<=' as const) : ('=' as const), value };
      });
    if (filter.afterValueEntryNo !== undefined && filter.after === undefined)
      throw ValidationError.at(undefined, 'afterValueEntryNo', "needs after, the G/L entry number of the previous page's last row");
    const limit = filter.limit ?? 500;
    const after = { key: filter.after ?? 0, tieBreak: filter.afterValueEntryNo ?? null };
    const rows = await withSession(this.orm, (sql) =>
      this.repository.page(sql, { table: view.table, key: view.key, tieBreak: view.tieBreak ?? null, conditions, after, limit: limit + 1 }),
    );
    const more = rows.length > limit;
    const items = rows.slice(0, limit).map(camelRow);
    const last = more ? items[items.length - 1] : null;
    const nextAfter = last ? (last[camel(view.key)] as number) : null;
    if (!view.tieBreak) return { items, nextAfter };
    return { items, nextAfter, nextAfterValueEntryNo: last ? (last[camel(view.tieBreak)] as number) : null };
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
