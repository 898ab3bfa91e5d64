/**
 * The result document of a scenario run (scenario-format.md, "Result document"): the ledgers as
 * they stand, with refs in place of nothing-saying entry numbers where the format asks for them.
 * Decimals are plain-notation strings; rows are sorted by entry number.
 */
import { Dec } from '../common/decimal';
import type { SqlSession } from '../database/sql-session';
import { ITEM_COST_SHARE_COLUMNS, ITEM_COST_SHARE_FIELDS } from '../setup/entities/manufacturing.entities';

export type Row = Record<string, unknown>;

export interface ResultCollections {
  itemLedgerEntries: Row[];
  valueEntries: Row[];
  itemApplicationEntries: Row[];
  glEntries: Row[];
  glItemLedgerRelations: Row[];
  items: Row[];
  capacityLedgerEntries: Row[];
  productionOrders: Row[];
  avgCostAdjmtEntryPoints: Row[];
  inventoryPeriods: Row[];
}

export interface ResultDocument extends ResultCollections {
  format: 'scenario-result/v1';
  errors: { step: number; message: string; expected: boolean }[];
  reports: Record<string, Row[]>;
  snapshots: Record<string, ResultCollections & { reports: Record<string, Row[]> }>;
}

const text = (v: unknown): string => (v === null || v === undefined ? '0' : new Dec(String(v)).toFixed());

/** Refs of what a scenario named: item ledger entries, capacity ledger entries and orders. */
export interface ResultRefs {
  entries: ReadonlyMap<number, string>;
  capacityEntries: ReadonlyMap<number, string>;
  orders: ReadonlyMap<string, string>;
}

export async function readCollections(sql: SqlSession, refs: ResultRefs): Promise<ResultCollections> {
  const refOf = refs.entries;
  const ref = (no: unknown) => (typeof no === 'number' && no !== 0 ? (refOf.get(no) ?? null) : null);
  const capacityRef = (no: unknown) => (typeof no === 'number' ? (refs.capacityEntries.get(no) ?? null) : null);
  const orderRef = (no: unknown) => (typeof no === 'string' ? (refs.orders.get(no) ?? no) : null);
  const capacity = await sql.query<Row>('SELECT * FROM capacity_ledger_entry ORDER BY entry_no');
  const orders = await sql.query<Row>('SELECT no, item_no, quantity, status, finished_date::text, cost_is_adjusted FROM production_order ORDER BY no');
  const entries = await sql.query<Row>(
    `SELECT e.*, coalesce(v.actual, 0)::text AS cost_actual, coalesce(v.expected, 0)::text AS cost_expected
       FROM item_ledger_entry e
       LEFT JOIN (SELECT item_ledger_entry_no, sum(cost_amount_actual) AS actual, sum(cost_amount_expected) AS expected
                    FROM value_entry GROUP BY 1) v ON v.item_ledger_entry_no = e.entry_no
      ORDER BY e.entry_no`,
  );
  const values = await sql.query<Row>('SELECT * FROM value_entry_with_gl ORDER BY entry_no');
  const apps = await sql.query<Row>('SELECT * FROM item_application_entry ORDER BY entry_no');
  const gl = await sql.query<Row>('SELECT * FROM gl_entry ORDER BY entry_no');
  const relations = await sql.query<Row>('SELECT * FROM gl_item_ledger_relation ORDER BY gl_entry_no, value_entry_no');
  const items = await sql.query<Row>(`SELECT no, unit_cost, standard_cost, cost_is_adjusted, ${ITEM_COST_SHARE_COLUMNS.join(', ')} FROM item ORDER BY no`);
  const points = await sql.query<Row>('SELECT * FROM avg_cost_adjmt_entry_point ORDER BY item_no, variant_code, location_code, valuation_date');
  const periods = await sql.query<Row>('SELECT ending_date, closed FROM inventory_period ORDER BY ending_date');
  return {
    itemLedgerEntries: entries.map((e) => ({
      entryNo: e.entry_no,
      ref: ref(e.entry_no),
      itemNo: e.item_no,
      locationCode: e.location_code,
      variantCode: e.variant_code,
      postingDate: e.posting_date,
      entryType: e.entry_type,
      quantity: text(e.quantity),
      remainingQuantity: text(e.remaining_quantity),
      invoicedQuantity: text(e.invoiced_quantity),
      open: e.open,
      positive: e.positive,
      correction: e.correction,
      documentNo: e.document_no,
      serialNo: e.serial_no,
      lotNo: e.lot_no,
      costAmountActual: text(e.cost_actual),
      costAmountExpected: text(e.cost_expected),
      order: orderRef(e.order_no),
    })),
    valueEntries: values.map((v) => ({
      entryNo: v.entry_no,
      // A capacity value entry has no item ledger entry: its ref is its capacity entry's.
      itemLedgerEntryNo: v.capacity_ledger_entry_no !== null ? null : v.item_ledger_entry_no,
      ref: v.capacity_ledger_entry_no !== null ? capacityRef(v.capacity_ledger_entry_no) : ref(v.item_ledger_entry_no),
      itemNo: v.item_no,
      locationCode: v.location_code,
      variantCode: v.variant_code,
      postingDate: v.posting_date,
      valuationDate: v.valuation_date,
      entryType: v.entry_type,
      varianceType: v.variance_type,
      itemLedgerEntryType: v.item_ledger_entry_type || null,
      adjustment: v.adjustment,
      appliesToEntry: v.applies_to_entry,
      itemChargeNo: v.item_charge_no,
      valuedQuantity: text(v.valued_quantity),
      itemLedgerEntryQuantity: text(v.item_ledger_entry_quantity),
      invoicedQuantity: text(v.invoiced_quantity),
      costAmountActual: text(v.cost_amount_actual),
      costAmountExpected: text(v.cost_amount_expected),
      costPostedToGL: text(v.cost_posted_to_gl),
      expectedCostPostedToGL: text(v.expected_cost_posted_to_gl),
      expectedCost: v.expected_cost,
      valuedByAverageCost: v.valued_by_average_cost,
      documentNo: v.document_no,
      sourceCode: v.source_code,
      order: orderRef(v.order_no),
      capacityLedgerEntryNo: v.capacity_ledger_entry_no,
    })),
    productionOrders: orders.map((o) => ({
      ref: orderRef(o.no),
      itemNo: o.item_no,
      quantity: text(o.quantity),
      status: o.status,
      finishedDate: o.finished_date,
      costIsAdjusted: o.cost_is_adjusted,
    })),
    capacityLedgerEntries: capacity.map((c) => ({
      entryNo: c.entry_no,
      ref: capacityRef(c.entry_no),
      order: orderRef(c.order_no),
      type: c.type,
      no: c.no,
      postingDate: c.posting_date,
      quantity: text(c.quantity),
      subcontracting: c.subcontracting,
      directCost: text(c.direct_cost),
      overheadCost: text(c.overhead_cost),
      costAmountActual: new Dec(text(c.direct_cost)).plus(text(c.overhead_cost)).toFixed(),
    })),
    itemApplicationEntries: apps.map((a) => ({
      entryNo: a.entry_no,
      itemLedgerEntryNo: a.item_ledger_entry_no,
      inboundItemEntryNo: a.inbound_item_entry_no,
      outboundItemEntryNo: a.outbound_item_entry_no,
      inboundRef: ref(a.inbound_item_entry_no),
      outboundRef: ref(a.outbound_item_entry_no),
      quantity: text(a.quantity),
      costApplication: a.cost_application,
      transferredFromEntryNo: a.transferred_from_entry_no,
    })),
    glEntries: gl.map((g) => ({
      entryNo: g.entry_no,
      postingDate: g.posting_date,
      accountNo: g.account_no,
      amount: text(g.amount),
      documentNo: g.document_no,
      registerNo: g.register_no,
    })),
    glItemLedgerRelations: relations.map((r) => ({ glEntryNo: r.gl_entry_no, valueEntryNo: r.value_entry_no, glRegisterNo: r.gl_register_no })),
    items: items.map((i) => ({
      no: i.no,
      unitCost: text(i.unit_cost),
      standardCost: text(i.standard_cost),
      costIsAdjusted: i.cost_is_adjusted,
      ...Object.fromEntries(ITEM_COST_SHARE_FIELDS.map((field, k) => [field, text(i[ITEM_COST_SHARE_COLUMNS[k]])])),
    })),
    avgCostAdjmtEntryPoints: points.map((p) => ({
      itemNo: p.item_no,
      locationCode: p.location_code,
      variantCode: p.variant_code,
      valuationDate: p.valuation_date,
      costIsAdjusted: p.cost_is_adjusted,
    })),
    inventoryPeriods: periods.map((p) => ({ endingDate: p.ending_date, closed: p.closed })),
  };
}
