import { Injectable } from '@nestjs/common';
import { Dec } from '../common/decimal';
import type { IsoDate } from '../common/dates';
import type { SqlSession } from '../database/sql-session';

export interface ProductionOrderRow {
  no: string;
  itemNo: string;
  quantity: Dec;
  locationCode: string;
  status: 'Released' | 'Finished';
  finishedDate: IsoDate | null;
  unitCost: Dec;
}

export interface WorkCenterRate {
  no: string;
  directUnitCost: Dec;
  indirectCostPercent: Dec;
  overheadRate: Dec;
  subcontracting: boolean;
  genProdPostingGroup: string;
}

/** Production orders and what posting to them reads (R92–R94). Each method takes the caller's transaction. */
@Injectable()
export class ProductionRepository {
  /** The next order number (PO000001, …), under the counters' lock. */
  async nextOrderNo(sql: SqlSession): Promise<string> {
    const [row] = await sql.query<{ last_no: number }>("UPDATE ledger_counter SET last_no = last_no + 1 WHERE name = 'production_order' RETURNING last_no");
    return `PO${String(row.last_no).padStart(6, '0')}`;
  }

  /**
   * A released order keeps the item's Unit Cost (a Standard item's is its standard cost, R23) and its
   * manufacturing overhead as they are now (scenario-format.md, productionOrder).
   */
  async create(sql: SqlSession, no: string, itemNo: string, quantity: Dec, locationCode: string, dueDate: IsoDate): Promise<void> {
    await sql.query(
      `INSERT INTO production_order (no, item_no, quantity, location_code, due_date, status, unit_cost, indirect_cost_percent, overhead_rate, cost_is_adjusted)
       SELECT $1, i.no, $3, $4, $5, 'Released', i.unit_cost,
              i.indirect_cost_percent, i.overhead_rate, false
         FROM item i WHERE i.no = $2`,
      [no, itemNo, quantity, locationCode, dueDate],
    );
    // The order is planned with the item's BOM and routing as they are now (R92).
    await sql.query(
      `INSERT INTO production_order_component (order_no, line_no, item_no, quantity_per, expected_quantity)
       SELECT $1, line_no, no, quantity_per, quantity_per * $3 FROM bom_line WHERE parent_item_no = $2 AND type = 'Item'`,
      [no, itemNo, quantity],
    );
    await sql.query(
      `INSERT INTO production_order_routing (order_no, operation_no, work_center_no, setup_time, run_time)
       SELECT $1, operation_no, work_center_no, setup_time, run_time FROM routing_line WHERE item_no = $2`,
      [no, itemNo],
    );
  }

  /** A production BOM that is not Certified cannot be released (as in Business Central). */
  async uncertifiedBom(sql: SqlSession, itemNo: string): Promise<string | null> {
    const [r] = await sql.query<{ status: string }>(
      `SELECT production_bom_status AS status FROM item i
        WHERE i.no = $1 AND i.production_bom_status <> 'Certified' AND EXISTS (SELECT 1 FROM bom_line b WHERE b.parent_item_no = i.no)`,
      [itemNo],
    );
    return r?.status ?? null;
  }

  /** The order with its planned components and routing, and what is posted to it. */
  async detail(sql: SqlSession, no: string): Promise<Record<string, unknown> | null> {
    const [order] = await sql.query<Record<string, unknown>>(
      `SELECT o.no AS "orderNo", o.item_no AS "itemNo", o.quantity::text AS quantity, o.location_code AS "locationCode", o.due_date::text AS "dueDate",
              o.status, o.finished_date::text AS "finishedDate", o.unit_cost::text AS "unitCost", o.cost_is_adjusted AS "costIsAdjusted",
              coalesce((SELECT json_agg(json_build_object('lineNo', c.line_no, 'itemNo', c.item_no, 'quantityPer', c.quantity_per::text,
                                                          'expectedQuantity', c.expected_quantity::text) ORDER BY c.line_no)
                          FROM production_order_component c WHERE c.order_no = o.no), '[]') AS components,
              coalesce((SELECT json_agg(json_build_object('operationNo', r.operation_no, 'workCenterNo', r.work_center_no,
                                                          'setupTime', r.setup_time::text, 'runTime', r.run_time::text) ORDER BY r.operation_no)
                          FROM production_order_routing r WHERE r.order_no = o.no), '[]') AS routing,
              (SELECT json_build_object(
                 'consumption', coalesce(sum(-(v.cost_amount_actual + v.cost_amount_expected)) FILTER (WHERE v.item_ledger_entry_type = 'Consumption'), 0)::text,
                 'capacity', coalesce(sum(v.cost_amount_actual) FILTER (WHERE v.item_ledger_entry_type = ''), 0)::text,
                 'output', coalesce(sum(v.cost_amount_actual + v.cost_amount_expected) FILTER (WHERE v.item_ledger_entry_type = 'Output'), 0)::text)
                 FROM value_entry v WHERE v.order_no = o.no) AS posted
         FROM production_order o WHERE o.no = $1`,
      [no],
    );
    return order ?? null;
  }

  async order(sql: SqlSession, no: string): Promise<ProductionOrderRow | null> {
    const [r] = await sql.query<{
      no: string;
      item_no: string;
      quantity: string;
      location_code: string;
      status: 'Released' | 'Finished';
      finished_date: IsoDate | null;
      unit_cost: string;
    }>('SELECT no, item_no, quantity::text, location_code, status, finished_date::text, unit_cost::text FROM production_order WHERE no = $1 FOR UPDATE', [no]);
    if (!r) return null;
    return {
      no: r.no,
      itemNo: r.item_no,
      quantity: new Dec(r.quantity),
      locationCode: r.location_code,
      status: r.status,
      finishedDate: r.finished_date,
      unitCost: new Dec(r.unit_cost),
    };
  }

  /** Finished (R94): the order's outputs go on the Applied Entry to Adjust list, to be invoiced by the next adjustment. */
  async finish(sql: SqlSession, order: ProductionOrderRow, finishedDate: IsoDate): Promise<void> {
    await sql.query("UPDATE production_order SET status = 'Finished', finished_date = $2, cost_is_adjusted = false WHERE no = $1", [order.no, finishedDate]);
    await sql.query(
      `INSERT INTO applied_entry_to_adjust (item_ledger_entry_no, item_no)
       SELECT entry_no, item_no FROM item_ledger_entry WHERE order_no = $1 AND entry_type = 'Output' ON CONFLICT DO NOTHING`,
      [order.no],
    );
    await sql.query('UPDATE item SET cost_is_adjusted = false WHERE no = $1', [order.itemNo]);
  }

  async itemExists(sql: SqlSession, itemNo: string): Promise<boolean> {
    return (await sql.query('SELECT 1 FROM item WHERE no = $1', [itemNo])).length > 0;
  }

  async locationExists(sql: SqlSession, code: string): Promise<boolean> {
    return code === '' || (await sql.query('SELECT 1 FROM location WHERE code = $1', [code])).length > 0;
  }

  async workCenter(sql: SqlSession, no: string): Promise<WorkCenterRate | null> {
    const [r] = await sql.query<{ no: string; direct: string; indirect: string; rate: string; subcontracting: boolean; gen_prod_posting_group: string }>(
      `SELECT no, direct_unit_cost::text AS direct, indirect_cost_percent::text AS indirect, overhead_rate::text AS rate, subcontracting, gen_prod_posting_group
         FROM work_center WHERE no = $1`,
      [no],
    );
    return r
      ? {
          no: r.no,
          directUnitCost: new Dec(r.direct),
          indirectCostPercent: new Dec(r.indirect),
          overheadRate: new Dec(r.rate),
          subcontracting: r.subcontracting,
          genProdPostingGroup: r.gen_prod_posting_group,
        }
      : null;
  }
}
