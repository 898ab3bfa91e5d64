import { Injectable } from '@nestjs/common';
import { Dec } from '../common/decimal';
import type { SqlSession } from '../database/sql-session';

export interface ResourceCost {
  no: string;
  directUnitCost: Dec;
  overheadPerUnit: Dec;
  genProdPostingGroup: string;
}

/** What posting an assembly order reads besides the ledgers: resources and master data. */
@Injectable()
export class AssemblyRepository {
  async resources(sql: SqlSession, nos: readonly string[]): Promise<Map<string, ResourceCost>> {
    const rows = await sql.query<{ no: string; direct: string; overhead: string; gen_prod_posting_group: string }>(
      `SELECT no, direct_unit_cost::text AS direct, (direct_unit_cost * indirect_cost_percent / 100 + overhead_rate)::text AS overhead, gen_prod_posting_group
         FROM resource WHERE no = ANY($1::text[])`,
      [[...nos]],
    );
    return new Map(
      rows.map((r) => [
        r.no,
        { no: r.no, directUnitCost: new Dec(r.direct), overheadPerUnit: new Dec(r.overhead), genProdPostingGroup: r.gen_prod_posting_group },
      ]),
    );
  }

  /** Which of the items exist. */
  async items(sql: SqlSession, nos: readonly string[]): Promise<Set<string>> {
    const rows = await sql.query<{ no: string }>('SELECT no FROM item WHERE no = ANY($1::text[])', [[...nos]]);
    return new Set(rows.map((r) => r.no));
  }

  async locations(sql: SqlSession, codes: readonly string[]): Promise<Set<string>> {
    const rows = await sql.query<{ code: string }>('SELECT code FROM location WHERE code = ANY($1::text[])', [[...codes]]);
    return new Set(['', ...rows.map((r) => r.code)]);
  }

  async entryItems(sql: SqlSession, entryNos: readonly number[]): Promise<Map<number, string>> {
    const rows = await sql.query<{ entry_no: number; item_no: string }>('SELECT entry_no, item_no FROM item_ledger_entry WHERE entry_no = ANY($1::int[])', [
      [...entryNos],
    ]);
    return new Map(rows.map((r) => [r.entry_no, r.item_no]));
  }
}
