import { Injectable } from '@nestjs/common';
import type { SqlSession } from '../database/sql-session';

export interface LedgerPageWhere {
  table: string;
  key: string;
  /** The column that makes `key` unique, or null when it is unique itself. */
  tieBreak: string | null;
  /** Column, operator and value; columns and operators come from the fixed ledger views, never from a request. */
  conditions: { column: string; op: '=' | '>=' | '<='; value: string | number | boolean }[];
  /** The previous page's last row: its key, and its tie-break column (null: after every row of that key). */
  after: { key: number; tieBreak: number | null };
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
    params.push(w.after.key);
    if (w.tieBreak && w.after.tieBreak !== null) {
      params.push(w.after.tieBreak);
      where.push(`(${w.key}, ${w.tieBreak}) > ($${params.length - 1}, $${params.length})`);
    } else {
      where.push(`${w.key} > $${params.length}`);
    }
    params.push(w.limit);
    const order = w.tieBreak ? `${w.key}, ${w.tieBreak}` : w.key;
    return sql.query<Record<string, unknown>>(`SELECT * FROM ${w.table} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT $${params.length}`, params);
  }
}
