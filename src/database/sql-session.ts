/**
 * Raw SQL on a connection borrowed from MikroORM's own pool. The ledgers are read and written in
 * bulk with set-based SQL (array parameters, COPY), which the ORM's unit of work is not made for;
 * borrowing its pool keeps one connection configuration and one pool for the whole service.
 */
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import * as pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Dec } from '../common/decimal';

/** `date` columns come back as 'YYYY-MM-DD' strings, never as Date objects in a local zone. */
const TYPES = {
  getTypeParser: (oid: number, format?: string) => (oid === 1082 ? (value: string) => value : pg.types.getTypeParser(oid, format as 'text')),
};

/** Buffers go to `bytea` columns (a job's output). */
export type SqlValue = string | number | boolean | null | Dec | Date | Buffer | readonly unknown[];

export class SqlSession {
  constructor(private readonly client: pg.ClientBase) {}

  async query<T = Record<string, unknown>>(text: string, values: readonly SqlValue[] = []): Promise<T[]> {
    const result = await this.client.query({ text, values: values.map(toParam), types: TYPES } as pg.QueryConfig);
    return result.rows as T[];
  }

  /** Rows as arrays (no per-row object keys): the fast path for large reads. */
  async queryArrays(text: string, values: readonly SqlValue[] = []): Promise<unknown[][]> {
    const result = await this.client.query({ text, values: values.map(toParam), types: TYPES, rowMode: 'array' } as pg.QueryArrayConfig);
    return result.rows as unknown[][];
  }

  /**
   * Rows as arrays, each turned into a `T` as it arrives: the query's text values become garbage
   * at once instead of being held, with every other row, until the last one is in (the young
   * generation copied them over and over for a batch of a year's ledger; issue 12).
   */
  async queryMapped<T>(text: string, values: readonly SqlValue[], convert: (row: unknown[]) => T): Promise<T[]> {
    const result: T[] = [];
    const query = new pg.Query({ text, values: values.map(toParam), types: TYPES, rowMode: 'array' } as pg.QueryConfig);
    await new Promise<void>((resolve, reject) => {
      let failed: unknown = null;
      query.on('row', (row: unknown[]) => {
        if (failed !== null) return;
        try {
          result.push(convert(row));
        } catch (e) {
          failed = e; // reported once the connection is ready again
        }
      });
      query.on('error', reject);
      query.on('end', () => (failed === null ? resolve() : reject(failed)));
      this.client.query(query);
    });
    return result;
  }

  /**
   * COPY rows into a table; values are written in PostgreSQL's text format. Each row is turned into
   * text before the next is taken from `rows`, so a generator may hand out one array refilled.
   */
  async copyIn(table: string, columns: readonly string[], rows: Iterable<readonly SqlValue[]>): Promise<number> {
    let count = 0;
    const source = Readable.from(
      (function* () {
        let chunk = '';
        for (const row of rows) {
          // Field by field into the chunk: no array and no joined string per row (a year's
          // posting writes millions of rows).
          for (let i = 0; i < row.length; i++) chunk += i === 0 ? copyText(row[i]) : '\t' + copyText(row[i]);
          chunk += '\n';
          count++;
          if (chunk.length > 1 << 16) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk) yield chunk;
      })(),
    );
    const sink = this.client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    await pipeline(source, sink);
    return count;
  }
}

function toParam(value: SqlValue): unknown {
  if (value instanceof Dec) return value.toFixed();
  if (Array.isArray(value)) return value.map((v) => (v instanceof Dec ? v.toFixed() : v));
  return value;
}

/** Characters COPY's text format escapes. */
const COPY_SPECIAL = /[\\\t\n\r]/;

function copyText(value: SqlValue): string {
  // The common types first: ledger rows are mostly numbers, short texts and decimals.
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return COPY_SPECIAL.test(value) ? escapeCopy(value) : value;
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Dec) return value.toFixed();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  return COPY_SPECIAL.test(text) ? escapeCopy(text) : text;
}

function escapeCopy(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

interface KnexClient {
  acquireConnection(): Promise<pg.ClientBase>;
  releaseConnection(connection: pg.ClientBase): Promise<void>;
}

function knexClient(orm: MikroORM): KnexClient {
  return ((orm.em as EntityManager).getConnection().getKnex() as unknown as { client: KnexClient }).client;
}

/** Runs `work` in one transaction on a borrowed connection: committed if it returns, rolled back if it throws. */
export async function inTransaction<T>(orm: MikroORM, work: (sql: SqlSession) => Promise<T>): Promise<T> {
  const knex = knexClient(orm);
  const connection = await knex.acquireConnection();
  try {
    await connection.query('BEGIN');
    try {
      const result = await work(new SqlSession(connection));
      await connection.query('COMMIT');
      return result;
    } catch (e) {
      await connection.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  } finally {
    await knex.releaseConnection(connection);
  }
}

/** Runs `work` outside a transaction (each statement on its own), on a borrowed connection. */
export async function withSession<T>(orm: MikroORM, work: (sql: SqlSession) => Promise<T>): Promise<T> {
  const knex = knexClient(orm);
  const connection = await knex.acquireConnection();
  try {
    return await work(new SqlSession(connection));
  } finally {
    await knex.releaseConnection(connection);
  }
}
