/**
 * Cost Shares Breakdown (report 5848, R128): what the cost of sold items (Sales) or of the stock
 * on hand (Inventory) is made of — material (direct cost), overhead (indirect cost), variance,
 * revaluation and rounding — per item, and per document with Show Details.
 *
 * A sold entry's cost is traced back, set-based in one recursive query, along its applications
 * to the inbound entries it took its cost from, through transfers (to the entry the goods left)
 * and cost applications (a return with exact cost reversal takes its sale's shares); the share of
 * each source is its own value entries by type per unit, times the units it gave. The part of an
 * outbound entry applied to nothing (negative inventory) carries its own cost. Inventory: the
 * entries posted in the period that still hold quantity at the ending date, their units being
 * the remaining quantity on that date (as in the Cost Spec., R127).
 *
 * Decisions (README): the Total is the entries' own value (Sales: −Σ value entries of the sales,
 * returns negative; Inventory: their remaining value) and the shares are scaled onto it and
 * rounded so that they add up exactly; Average items are skipped (R128); sales returns without
 * cost application count with their own cost, negative. Production shares (capacity,
 * subcontracted, manufacturing overhead) and their variances come with manufacturing; their
 * columns are left out until then rather than printed as zeros.
 */
import { Dec, roundTo } from '../../common/decimal';
import type { IsoDate } from '../../common/dates';
import type { SqlSession } from '../../database/sql-session';
import type { ReportColumn, ReportData, ReportDefinition, ReportLine, ReportSetup } from '../report-definition';
import { Row, sumColumns } from '../report-lines';
import { booleanOption, checkDateRange, choiceOption, codeListOption, filterValue, rejectUnknownOptions, requiredDateOption } from '../report-options';
import { allocateExactly } from './allocation';
import { COST_TYPES } from './cost-specification.report';
import { remainingAtDate } from './remaining-at-date.sql';

export const COST_SHARE_FOR = ['Sales', 'Inventory'] as const;
export type CostShareFor = (typeof COST_SHARE_FOR)[number];

export interface CostSharesOptions {
  printCostShareFor: CostShareFor;
  startDate: IsoDate;
  endDate: IsoDate;
  showDetails: boolean;
  items: string[] | null;
}

/** Report column per value-entry type, in the order of COST_TYPES. */
const SHARE_COLUMNS = ['material', 'overhead', 'variance', 'revaluation', 'rounding'] as const;
const FIGURES = ['quantity', ...SHARE_COLUMNS, 'total'];

function columns(o: CostSharesOptions): ReportColumn[] {
  return [
    { key: 'itemNo', label: 'column.itemNo', kind: 'text' },
    ...(o.showDetails ? [{ key: 'documentNo', label: 'column.documentNo', kind: 'text' } as ReportColumn] : []),
    { key: 'description', label: 'column.description', kind: 'text', width: '*' },
    { key: 'quantity', label: 'column.quantity', kind: 'quantity' },
    { key: 'material', label: 'column.material', kind: 'amount' },
    { key: 'overhead', label: 'column.overhead', kind: 'amount' },
    { key: 'variance', label: 'column.variance', kind: 'amount' },
    { key: 'revaluation', label: 'column.revaluation', kind: 'amount' },
    { key: 'rounding', label: 'column.rounding', kind: 'amount' },
    { key: 'total', label: 'column.total', kind: 'amount' },
  ];
}

interface ShareGroup {
  itemNo: string;
  description: string;
  documentNo: string | null;
  quantity: string;
  total: string;
  shares: Record<string, string> | null;
}

/**
 * Roots are the entries whose cost is broken down, with the units to break down (negative for a
 * sales return) and their own value; `expand` says whether the walk may follow its sources.
 */
function rootsSql(o: CostSharesOptions): string {
  if (o.printCostShareFor === 'Sales') {
    return `roots AS (
       SELECT e.entry_no AS root, e.item_no, e.document_no, -e.quantity AS units, true AS expand,
              -(SELECT coalesce(sum(v.cost_amount_actual + v.cost_amount_expected), 0) FROM value_entry v
                 WHERE v.item_ledger_entry_no = e.entry_no AND v.posting_date <= $2::date) AS value
         FROM item_ledger_entry e JOIN item i ON i.no = e.item_no
        WHERE e.entry_type = 'Sale' AND e.posting_date BETWEEN $1::date AND $2::date
          AND i.costing_method <> 'Average' AND ($3::text[] IS NULL OR e.item_no = ANY($3::text[])))`;
  }
  return `${remainingAtDate('$2', '$3')},
     roots AS (
       SELECT r.entry_no AS root, r.item_no, r.document_no, r.remaining AS units, r.positive AS expand,
              (SELECT coalesce(sum(v.cost_amount_actual + v.cost_amount_expected), 0) FROM value_entry v
                 WHERE v.item_ledger_entry_no = r.entry_no AND v.posting_date <= $2::date) * r.remaining / r.quantity AS value
         FROM remaining_entry r JOIN item i ON i.no = r.item_no
        WHERE r.remaining <> 0 AND r.posting_date >= $1::date AND i.costing_method <> 'Average')`;
}

async function shareGroups(sql: SqlSession, o: CostSharesOptions): Promise<ShareGroup[]> {
  const documentKey = o.showDetails ? 'r.document_no' : "''";
  return sql.query<ShareGroup>(
    `WITH RECURSIVE ${rootsSql(o)},
     walk(root, entry, units, expand, path) AS (
       SELECT root, root, units, expand, ARRAY[root] FROM roots
       UNION ALL
       SELECT w.root, nxt.entry, nxt.units, true, w.path || nxt.entry
         FROM walk w
         JOIN item_ledger_entry x ON x.entry_no = w.entry
         CROSS JOIN LATERAL (
           -- an increase that took its cost from another entry: a transfer, or a cost application
           SELECT a.outbound_item_entry_no AS entry, w.units AS units
             FROM item_application_entry a
            WHERE x.positive AND a.inbound_item_entry_no = x.entry_no AND a.item_ledger_entry_no = x.entry_no
              AND a.outbound_item_entry_no <> 0 AND (a.cost_application OR a.transferred_from_entry_no IS NOT NULL)
           UNION ALL
           -- a decrease: the increases it was applied to, each for its applied quantity
           SELECT a.inbound_item_entry_no, w.units * abs(a.quantity) / abs(x.quantity)
             FROM item_application_entry a
            WHERE NOT x.positive AND a.outbound_item_entry_no = x.entry_no
              AND NOT a.cost_application AND a.transferred_from_entry_no IS NULL
         ) nxt
        WHERE w.expand AND NOT nxt.entry = ANY(w.path) AND cardinality(w.path) < 64),
     leaf AS (
       SELECT w.root, w.entry, x.quantity,
              CASE
                WHEN NOT w.expand THEN w.units
                WHEN x.positive THEN
                  CASE WHEN EXISTS (SELECT 1 FROM item_application_entry a
                                     WHERE a.inbound_item_entry_no = x.entry_no AND a.item_ledger_entry_no = x.entry_no
                                       AND a.outbound_item_entry_no <> 0 AND (a.cost_application OR a.transferred_from_entry_no IS NOT NULL))
                       THEN 0 ELSE w.units END
                ELSE w.units * (abs(x.quantity) - coalesce((SELECT sum(abs(a.quantity)) FROM item_application_entry a
                                                             WHERE a.outbound_item_entry_no = x.entry_no
                                                               AND NOT a.cost_application AND a.transferred_from_entry_no IS NULL), 0)) / abs(x.quantity)
              END AS units
         FROM walk w JOIN item_ledger_entry x ON x.entry_no = w.entry),
     share AS (
       SELECT l.root, v.entry_type, sum(l.units * (v.cost_amount_actual + v.cost_amount_expected) / l.quantity) AS amount
         FROM leaf l JOIN value_entry v ON v.item_ledger_entry_no = l.entry
        WHERE l.units <> 0 AND l.quantity <> 0 AND v.posting_date <= $2::date
        GROUP BY 1, 2),
     grouped_share AS (
       SELECT item_no, document_no, jsonb_object_agg(entry_type, amount::text) AS shares
         FROM (SELECT r.item_no, ${documentKey} AS document_no, s.entry_type, sum(s.amount) AS amount
                 FROM share s JOIN roots r ON r.root = s.root
                GROUP BY 1, 2, 3) t
        GROUP BY 1, 2),
     grouped_root AS (
       SELECT r.item_no, ${documentKey} AS document_no, sum(r.units) AS quantity, sum(r.value) AS total
         FROM roots r GROUP BY 1, 2)
     SELECT g.item_no AS "itemNo", i.description, g.document_no AS "documentNo", g.quantity::text AS quantity, g.total::text AS total, s.shares
       FROM grouped_root g
       JOIN item i ON i.no = g.item_no
       LEFT JOIN grouped_share s ON s.item_no = g.item_no AND s.document_no = g.document_no
      ORDER BY g.item_no, g.document_no`,
    [o.startDate, o.endDate, o.items],
  );
}

export function costSharesLines(groups: ShareGroup[], o: CostSharesOptions, setup: ReportSetup): { lines: ReportLine[]; rows: Row[] } {
  const precision = new Dec(setup.amountPrecision);
  const rows: Row[] = groups.map((g) => {
    const total = roundTo(new Dec(g.total), precision);
    const parts = allocateExactly(total, COST_TYPES.map((t) => new Dec(g.shares?.[t] ?? 0)), precision);
    return {
      itemNo: g.itemNo,
      ...(o.showDetails ? { documentNo: g.documentNo } : {}),
      description: g.description,
      quantity: g.quantity,
      ...Object.fromEntries(SHARE_COLUMNS.map((c, i) => [c, parts[i].toFixed()])),
      total: total.toFixed(),
    };
  });
  const lines: ReportLine[] = [];
  if (o.showDetails) {
    let start = 0;
    while (start < rows.length) {
      let end = start;
      while (end < rows.length && rows[end].itemNo === rows[start].itemNo) end++;
      const slice = rows.slice(start, end);
      for (const row of slice) lines.push({ kind: 'detail', values: row });
      lines.push({ kind: 'groupTotal', label: { key: 'line.itemTotal', values: { item: String(rows[start].itemNo) } }, values: sumColumns(slice, FIGURES) });
      start = end;
    }
  } else {
    for (const row of rows) lines.push({ kind: 'detail', values: row });
  }
  lines.push({ kind: 'grandTotal', label: { key: 'line.grandTotal' }, values: sumColumns(rows, SHARE_COLUMNS.concat(['total'] as never)) });
  const opRows = rows.map(({ description: _d, ...row }) => row);
  return { lines, rows: opRows };
}

export const costSharesBreakdownReport: ReportDefinition<CostSharesOptions> = {
  name: 'costSharesBreakdown',
  fileStem: 'cost-shares-breakdown',
  title: 'report.costSharesBreakdown.title',
  orientation: 'landscape',

  optionFields: [
    { name: 'printCostShareFor', label: 'option.printCostShareFor', kind: 'choice', choices: ['Sales', 'Inventory'] },
    { name: 'startDate', label: 'option.startDate', kind: 'date', required: true },
    { name: 'endDate', label: 'option.endDate', kind: 'date' },
    { name: 'showDetails', label: 'option.showDetails', kind: 'boolean' },
    { name: 'item', label: 'option.itemFilter', kind: 'codeList' },
  ],

  parseOptions(raw, setup) {
    rejectUnknownOptions(raw, ['printCostShareFor', 'startDate', 'endDate', 'showDetails', 'item']);
    const startDate = requiredDateOption(raw, 'startDate');
    const endDate = requiredDateOption(raw, 'endDate', setup.workDate);
    checkDateRange(startDate, endDate, 'startDate', 'endDate');
    return {
      printCostShareFor: choiceOption(raw, 'printCostShareFor', COST_SHARE_FOR, 'Sales'),
      startDate,
      endDate,
      showDetails: booleanOption(raw, 'showDetails', false),
      items: codeListOption(raw, 'item'),
    };
  },

  printedOptions(o) {
    return [
      { label: 'option.printCostShareFor', value: { label: `costShareFor.${o.printCostShareFor}` } },
      { label: 'option.startDate', value: { date: o.startDate } },
      { label: 'option.endDate', value: { date: o.endDate } },
      { label: 'option.showDetails', value: { yesNo: o.showDetails } },
      { label: 'option.itemFilter', value: filterValue(o.items) },
    ];
  },

  async load(sql, o, setup): Promise<ReportData> {
    const { lines, rows } = costSharesLines(await shareGroups(sql, o), o, setup);
    return {
      sections: [{ columns: columns(o), lines, empty: { key: 'section.noEntries' } }],
      rows,
      period: { from: o.startDate, to: o.endDate },
      notes: [{ key: 'note.costShares.averageSkipped' }, { key: 'note.costShares.productionLater' }, { key: 'note.runAdjustCostFirst' }],
    };
  },
};
