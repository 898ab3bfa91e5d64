import { Injectable } from '@nestjs/common';
import type { SqlSession } from '../database/sql-session';

export interface LedgerPageWhere {
  table: string;
  key: string;
  /** Column, operator and value; columns and operators come from the fixed ledger views, never from a request. */
  conditions: { column: string; op: '=' | '>=' | '<='; value: string | number | boolean }[];
  after: number;
  limit: number;
}

/** Pages of the ledger tables and views the API exposes (keyset paging on each one's key): the only SQL for them. */
@Injectable()
export class LedgerQueryRepository {
  async page(sql: SqlSession, w: LedgerPageWhere): Promise<Record<string, unknown>[]> {
    const params: (string | number | boolean)[] = [];
    const where = w.conditions.map((c) => {
      params.push(c.value);
      return `${c.column} ${c.op} $${params.length}`;
    });
    params.push(w.after);
    where.push(`${w.key} > $${params.length}`);
    params.push(w.limit);
    return sql.query<Record<string, unknown>>(`SELECT * FROM ${w.table} WHERE ${where.join(' AND ')} ORDER BY ${w.key} LIMIT $${params.length}`, params);
  }
}
