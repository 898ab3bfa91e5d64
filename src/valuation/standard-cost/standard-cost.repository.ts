import { Injectable } from '@nestjs/common';
import { groupBy } from '../../common/group-by';
import { Dec } from '../../common/decimal';
import type { SqlSession } from '../../database/sql-session';
import { ROLLED_UP_SHARE_COLUMNS, SINGLE_LEVEL_SHARE_COLUMNS } from '../../setup/entities/manufacturing.entities';
import {
  BomLine,
  CalculatedStandardCost,
  CapacityRate,
  COST_SHARES,
  RoutingOperation,
  sharesFromText,
  StandardCostContext,
  StandardCostItem,
} from '../../costing/standard-cost/calculate-standard-cost';

const SINGLE_LEVEL = SINGLE_LEVEL_SHARE_COLUMNS;
const ROLLED_UP = ROLLED_UP_SHARE_COLUMNS;

type ItemRow = [string, string, string, string, string, string, string, ...string[]];

/**
 * What Calculate Standard Cost and the Standard Cost Worksheet read and write (R80, R81, R120,
 * R121): the master data of every item that is on a BOM or has one, with its BOM and routing,
 * the work centers and resources, in one query per table; the new costs written in one statement.
 */
@Injectable()
export class StandardCostRepository {
  async loadContext(sql: SqlSession, alsoItems: readonly string[], unitAmountPrecision: Dec): Promise<StandardCostContext> {
    const bom = await sql.query<{ parent_item_no: string; type: string; no: string; quantity_per: string }>(
      'SELECT parent_item_no, type, no, quantity_per::text FROM bom_line ORDER BY parent_item_no, line_no',
    );
    const routing = await sql.query<{ item_no: string; work_center_no: string; setup_time: string; run_time: string }>(
      'SELECT item_no, work_center_no, setup_time::text, run_time::text FROM routing_line ORDER BY item_no, operation_no',
    );
    const itemNos = new Set<string>(alsoItems);
    for (const line of bom) {
      itemNos.add(line.parent_item_no);
      if (line.type === 'Item') itemNos.add(line.no);
    }
    for (const op of routing) itemNos.add(op.item_no);
    const itemRows = (await sql.queryArrays(
      `SELECT no, costing_method, standard_cost::text, replenishment_system, lot_size::text, indirect_cost_percent::text, overhead_rate::text,
              ${[...SINGLE_LEVEL, ...ROLLED_UP].map((c) => `${c}::text`).join(', ')}, production_bom_status
         FROM item WHERE no = ANY($1::text[])`,
      [[...itemNos]],
    )) as ItemRow[];
    const bomOf = groupBy(bom, (l) => l.parent_item_no);
    const routingOf = groupBy(routing, (o) => o.item_no);
    const items = new Map<string, StandardCostItem>();
    for (const r of itemRows) {
      items.set(r[0], {
        no: r[0],
        costingMethod: r[1],
        standardCost: new Dec(r[2]),
        replenishmentSystem: r[3] as StandardCostItem['replenishmentSystem'],
        lotSize: new Dec(r[4]),
        indirectCostPercent: new Dec(r[5]),
        overheadRate: new Dec(r[6]),
        bom: (bomOf.get(r[0]) ?? []).map((l): BomLine =>
          l.type === 'Resource' ? { resource: l.no, quantityPer: new Dec(l.quantity_per) } : { item: l.no, quantityPer: new Dec(l.quantity_per) },
        ),
        routing: (routingOf.get(r[0]) ?? []).map((o): RoutingOperation => ({
          workCenter: o.work_center_no,
          setupTime: new Dec(o.setup_time),
          runTime: new Dec(o.run_time),
        })),
        singleLevel: sharesFromText(r.slice(7, 12)),
        rolledUp: sharesFromText(r.slice(12, 17)),
        bomCertified: r[17] === 'Certified',
      });
    }
    const centers = await sql.query<RateRow & { unit_cost_calculation: 'Time' | 'Units'; subcontracting: boolean }>(
      'SELECT no, direct_unit_cost::text, indirect_cost_percent::text, overhead_rate::text, unit_cost_calculation, subcontracting FROM work_center',
    );
    const resources = await sql.query<RateRow>('SELECT no, direct_unit_cost::text, indirect_cost_percent::text, overhead_rate::text FROM resource');
    const [setup] = await sql.query<{ cost_incl_setup: boolean }>('SELECT cost_incl_setup FROM manufacturing_setup WHERE id = 1');
    return {
      items,
      workCenters: new Map(centers.map((c) => [c.no, rate(c, c.unit_cost_calculation, c.subcontracting)])),
      resources: new Map(resources.map((c) => [c.no, rate(c, 'Time', false)])),
      costInclSetup: setup?.cost_incl_setup ?? true,
      unitAmountPrecision,
    };
  }

  /** Standard Cost, Unit Cost (R23) and the shares of the items calculated, in one statement. */
  async writeStandardCosts(sql: SqlSession, calculated: readonly CalculatedStandardCost[]): Promise<void> {
    if (!calculated.length) return;
    const column = (f: (c: CalculatedStandardCost) => Dec) => calculated.map((c) => f(c).toFixed());
    const arrays = [
      column((c) => c.standardCost),
      ...COST_SHARES.map((s) => column((c) => c.singleLevel[s])),
      ...COST_SHARES.map((s) => column((c) => c.rolledUp[s])),
    ];
    const names = ['standard_cost', ...SINGLE_LEVEL, ...ROLLED_UP];
    await sql.query(
      `UPDATE item SET unit_cost = n.standard_cost, ${names.map((c) => `${c} = n.${c}`).join(', ')}
         FROM unnest($1::text[], ${names.map((_, i) => `$${i + 2}::numeric[]`).join(', ')}) AS n(no, ${names.join(', ')})
        WHERE item.no = n.no`,
      [calculated.map((c) => c.itemNo), ...arrays],
    );
  }

  /** The worksheet's new work-center and resource costs. */
  async writeCapacityCosts(sql: SqlSession, table: 'work_center' | 'resource', rates: readonly CapacityRate[]): Promise<void> {
    if (!rates.length) return;
    await sql.query(
      `UPDATE ${table} SET direct_unit_cost = n.d, indirect_cost_percent = n.i, overhead_rate = n.o
         FROM unnest($1::text[], $2::numeric[], $3::numeric[], $4::numeric[]) AS n(no, d, i, o) WHERE ${table}.no = n.no`,
      [rates.map((r) => r.no), rates.map((r) => r.directUnitCost), rates.map((r) => r.indirectCostPercent), rates.map((r) => r.overheadRate)],
    );
  }
}

interface RateRow {
  no: string;
  direct_unit_cost: string;
  indirect_cost_percent: string;
  overhead_rate: string;
}

function rate(r: RateRow, unitCostCalculation: 'Time' | 'Units', subcontracting: boolean): CapacityRate {
  return {
    no: r.no,
    directUnitCost: new Dec(r.direct_unit_cost),
    indirectCostPercent: new Dec(r.indirect_cost_percent),
    overheadRate: new Dec(r.overhead_rate),
    unitCostCalculation,
    subcontracting,
  };
}
