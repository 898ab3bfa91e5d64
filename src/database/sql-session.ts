/**
 * Raw SQL on a connection borrowed from MikroORM's own pool. The ledgers are read and written in
 * bulk with set-based SQL (array parameters, COPY), which the ORM's unit of work is not made for;
 * borrowing its pool keeps one connection configuration and one pool for the whole service.
 */
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Readable, Writable } from 'stream';
import { StringDecoder } from 'string_decoder';
import { pipeline } from 'stream/promises';
import * as pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
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
   * The rows of a SELECT as arrays, each turned into a `T` as it arrives, for the largest reads (a
   * year's ledgers, batch by batch). The rows come through `COPY (query) TO STDOUT` in text format
   * and are cut apart here: one decoded string per network chunk instead of one per field, which
   * made pg's row parsing a sixth of a year's adjustment (issue 12). COPY takes no parameters, so
   * `values` are written into the statement as literals, escaped as pg escapes them. Each column
   * is converted by the same type parser a plain query uses (the column types are asked for once
   * per statement text), so the rows equal `queryArrays`' rows. Converted values are garbage at
   * once instead of being held, with every other row, until the last one is in.
   */
  async queryMapped<T>(text: string, values: readonly SqlValue[], convert: (row: unknown[]) => T): Promise<T[]> {
    const parsers = await this.columnParsers(text, values);
    const result: T[] = [];
    const rows = new CopyTextRows(parsers, (row) => result.push(convert(row)));
    await pipeline(
      this.client.query(copyTo(`COPY (${withLiterals(text, values)}) TO STDOUT`)),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          rows.take(chunk);
          done();
        },
      }),
    );
    rows.end();
    return result;
  }

  /**
   * The rows of a SELECT, as `queryMapped` reads them (the same values as `queryArrays`), handed
   * to `onRows` a network chunk at a time while the statement runs: one statement for a read too
   * large to hold (a period's ledger extract), and the next chunk is taken only once `onRows` has
   * finished with this one, so memory stays at a chunk however long the result.
   */
  async queryChunks(text: string, values: readonly SqlValue[], onRows: (rows: unknown[][]) => Promise<void>): Promise<void> {
    const parsers = await this.columnParsers(text, values);
    let arrived: unknown[][] = [];
    const rows = new CopyTextRows(parsers, (row) => arrived.push(row));
    // A failure of `onRows` ends the handing over; the rest of the output is read and dropped
    // (as a failed row is), so that the connection stays usable, and the failure is thrown then.
    let failed = false;
    let failure: unknown;
    await pipeline(
      this.client.query(copyTo(`COPY (${withLiterals(text, values)}) TO STDOUT`)),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          rows.take(chunk);
          const batch = arrived;
          arrived = [];
          if (batch.length === 0 || failed) return done();
          onRows(batch).then(
            () => done(),
            (error: unknown) => {
              failed = true;
              failure = error;
              done();
            },
          );
        },
      }),
    );
    rows.end();
    if (failed) throw failure;
  }

  /** How to read each column a statement returns, asked for once per statement text. */
  private async columnParsers(text: string, values: readonly SqlValue[]): Promise<readonly ColumnReader[]> {
    let parsers = columnParsersByStatement.get(text);
    if (!parsers) {
      const described = await this.client.query({
        text: `SELECT * FROM (${text}) described LIMIT 0`,
        values: values.map(toParam),
        rowMode: 'array',
      } as pg.QueryConfig);
      parsers = described.fields.map((f) => ({
        parse: TEXT_AS_IS.has(f.dataTypeID) || SMALL_INTEGERS.has(f.dataTypeID) ? null : TYPES.getTypeParser(f.dataTypeID, 'text'),
        escaped: !WITHOUT_BACKSLASHES.has(f.dataTypeID),
        inPlace: SMALL_INTEGERS.has(f.dataTypeID) ? IN_PLACE_INTEGER : f.dataTypeID === BOOL ? IN_PLACE_BOOLEAN : NOT_IN_PLACE,
      }));
      columnParsersByStatement.set(text, parsers);
    }
    return parsers;
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
          chunk += copyRow(row) + '\n';
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

  /** COPY rows a caller has already written in COPY's text format (`CopyTextBuffer`). */
  async copyInText(table: string, columns: readonly string[], text: CopyTextBuffer): Promise<number> {
    const sink = this.client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    await pipeline(Readable.from(text.pieces()), sink);
    return text.rows;
  }
}

/**
 * Rows in COPY's text format, written by the caller (fields by `copyField`, tab-separated) and
 * copied into buffers of 64 kB: for the largest writes (a year's G/L posting per entry), where an
 * array of values per row, held until the COPY, was most of the garbage collector's work. Rows
 * are joined into a short string first and encoded about 8,000 characters at a time: one encoding
 * call per row was a tenth of a year's posting's JavaScript (5.4 million calls into C++). The
 * string is encoded while it is young, so its pieces never outlive the young generation.
 */
export class CopyTextBuffer {
  private readonly full: Buffer[] = [];
  private current = Buffer.allocUnsafe(COPY_BUFFER_BYTES);
  private used = 0;
  /** Rows not encoded yet, each ending in a newline. */
  private pending = '';
  rows = 0;

  /** One row, its fields already joined by tabs, without the newline. */
  add(row: string): void {
    this.pending += row + '\n';
    this.rows++;
    if (this.pending.length >= PENDING_CHARACTERS) this.encodePending();
  }

  /** Whole rows already encoded, each ending in a newline. */
  addRows(bytes: Buffer, rows: number): void {
    this.encodePending();
    if (this.used > 0) {
      this.full.push(this.current.subarray(0, this.used));
      this.current = this.current.subarray(this.used);
      this.used = 0;
    }
    this.full.push(bytes);
    this.rows += rows;
  }

  pieces(): Buffer[] {
    this.encodePending();
    return this.used > 0 ? [...this.full, this.current.subarray(0, this.used)] : this.full;
  }

  private encodePending(): void {
    const text = this.pending;
    if (text.length === 0) return;
    this.pending = '';
    // UTF-8 takes at most 3 bytes per UTF-16 unit; text that may not fit starts a new buffer.
    const most = text.length * 3;
    if (this.used + most > this.current.length) {
      if (this.used > 0) this.full.push(this.current.subarray(0, this.used));
      this.current = Buffer.allocUnsafe(Math.max(COPY_BUFFER_BYTES, most));
      this.used = 0;
    }
    this.used += this.current.write(text, this.used, 'utf8');
  }
}

const PENDING_CHARACTERS = 8192;
const COPY_BUFFER_BYTES = 1 << 16;

interface ColumnReader {
  /** pg's type parser for the column; null: the text is the value (text, numeric as text, dates), or it is read in place. */
  parse: ((text: string) => unknown) | null;
  /** Whether the column's text may hold COPY's backslash escapes (not numbers, dates, booleans). */
  escaped: boolean;
  /** int2/int4 and bool are read from the row's text where they stand, without a string of their own. */
  inPlace: typeof IN_PLACE_INTEGER | typeof IN_PLACE_BOOLEAN | typeof NOT_IN_PLACE;
}

const NOT_IN_PLACE = 0;
const IN_PLACE_INTEGER = 1;
const IN_PLACE_BOOLEAN = 2;
const BOOL = 16;

/** Statement texts are the few constants of the bulk readers: the map stays small. */
const columnParsersByStatement = new Map<string, readonly ColumnReader[]>();

/** Types whose text is their value in JS (text, varchar, char, numeric as text, date as 'YYYY-MM-DD'). */
const TEXT_AS_IS = new Set([25, 1043, 1042, 18, 19, 1700, 1082]);

/** Types whose text never holds a backslash: bool, integers, oid, floats, numeric, date, time, timestamps. */
const WITHOUT_BACKSLASHES = new Set([16, 20, 21, 23, 26, 700, 701, 1700, 1082, 1083, 1114, 1184]);

/** int2 and int4: entry numbers, most of the integers a batch reads (ten million at a million entries). */
const SMALL_INTEGERS = new Set([21, 23]);

/** pg's own conversion of a parameter to its text (arrays to array literals); not in @types/pg. */
const prepareValue = (pg as unknown as { utils: { prepareValue(value: unknown): string | Buffer | null } }).utils.prepareValue;

/** `$1`, `$2`… replaced by the values as escaped literals (what pg sends as parameters, as text). */
function withLiterals(text: string, values: readonly SqlValue[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index >= values.length) throw new Error(`statement refers to $${n}, but ${values.length} values were given`);
    const value = values[index];
    // Entry numbers (a batch's tens of thousands) need no quoting: digits and commas.
    if (Array.isArray(value) && value.every((v) => Number.isSafeInteger(v))) return `'{${value.join(',')}}'`;
    const prepared = prepareValue(toParam(value));
    if (prepared === null) return 'NULL';
    if (typeof prepared !== 'string') throw new Error(`$${n}: binary values cannot be written into a COPY statement`);
    return pg.escapeLiteral(prepared);
  });
}

/**
 * Rows of COPY's text format (fields split by tabs, rows by newlines, \N for NULL, backslash
 * escapes) cut from the chunks as they come; a row or a character may span two chunks.
 */
class CopyTextRows {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';
  /** A row that could not be read or converted: the rest of the output is read and dropped, so that the connection stays usable. */
  private failure: unknown = null;

  constructor(
    private readonly parsers: readonly ColumnReader[],
    private readonly onRow: (row: unknown[]) => void,
  ) {}

  take(chunk: Buffer): void {
    if (this.failure !== null) return;
    const text = this.rest + this.decoder.write(chunk);
    let start = 0;
    try {
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        this.row(text, start, end);
        start = end + 1;
      }
    } catch (e) {
      this.failure = e;
    }
    this.rest = text.slice(start);
  }

  /** Throws what went wrong with a row, or an unfinished last row. */
  end(): void {
    if (this.failure !== null) throw this.failure;
    const rest = this.rest + this.decoder.end();
    if (rest) throw new Error(`COPY output ended inside a row: ${rest.slice(0, 80)}`);
  }

  /**
   * The row `text[start, end)`, field by field where it stands: no string for the line and none
   * for an integer, a boolean or a NULL (a year's ledgers are tens of millions of fields; issue 12).
   */
  private row(text: string, start: number, end: number): void {
    const parsers = this.parsers;
    const fields: unknown[] = new Array(parsers.length);
    let from = start;
    for (let i = 0; i < parsers.length; i++) {
      let to = i === parsers.length - 1 ? end : text.indexOf('\t', from);
      if (to < 0 || to > end) to = -1;
      if (to < 0 || (i === parsers.length - 1 && text.lastIndexOf('\t', end - 1) >= from)) {
        const count = text.slice(start, end).split('\t').length;
        throw new Error(`COPY row has ${count} fields, the statement ${parsers.length}`);
      }
      const reader = parsers[i];
      if (to - from === 2 && text.charCodeAt(from) === 92 && text.charCodeAt(from + 1) === 78)
        fields[i] = null; // \N
      else if (reader.inPlace === IN_PLACE_INTEGER) fields[i] = integerAt(text, from, to);
      else if (reader.inPlace === IN_PLACE_BOOLEAN)
        fields[i] = text.charCodeAt(from) === 116; // 't'
      else {
        const field = text.slice(from, to);
        const value = reader.escaped && field.includes('\\') ? unescapeCopy(field) : field;
        fields[i] = reader.parse === null ? value : reader.parse(value);
      }
      from = to + 1;
    }
    this.onRow(fields);
  }
}

/**
 * An int2 or int4 column's text `text[from, to)` as the number pg's parser (`parseInt(text, 10)`)
 * makes of it, by its digits: such a column's text is only ever an optional minus and at most ten
 * digits.
 */
function integerAt(text: string, from: number, to: number): number {
  const negative = text.charCodeAt(from) === 45;
  let value = 0;
  for (let i = negative ? from + 1 : from; i < to; i++) value = value * 10 + (text.charCodeAt(i) - 48);
  return negative ? -value : value;
}

const COPY_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** COPY text format's backslash sequences: \\, \t, \n…, octal \123 and hex \x41. */
function unescapeCopy(field: string): string {
  return field.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_, code: string) => {
    if (code[0] === 'x') return String.fromCharCode(parseInt(code.slice(1), 16));
    if (code[0] >= '0' && code[0] <= '7') return String.fromCharCode(parseInt(code, 8));
    return COPY_ESCAPES[code] ?? code;
  });
}

/** A value as pg is given it: a Dec as its digits (never through a float), arrays element by element. */
export function toParam(value: SqlValue): unknown {
  if (value instanceof Dec) return value.toFixed();
  if (Array.isArray(value)) return value.map((v) => (v instanceof Dec ? v.toFixed() : v));
  return value;
}

/** Characters COPY's text format escapes. */
const COPY_SPECIAL = /[\\\t\n\r]/;

/** A value as a field of COPY's text format (escaped; `\\N` for NULL). */
export function copyField(value: SqlValue): string {
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

/** A row as a line of COPY's text format (fields by `copyField`, tab-separated), without the newline. */
export function copyRow(row: readonly SqlValue[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) line += i === 0 ? copyField(row[i]) : '\t' + copyField(row[i]);
  return line;
}

/**
 * COPY fields of a known type, for the ledger rows written by the million (a journal posting's, the
 * W1 generator's): no array per row and no test of every value's type. A value of another type
 * than declared goes through `copyField`, so the text is the same either way.
 */
export function copyText(value: string | null): string {
  return typeof value === 'string' ? (COPY_SPECIAL.test(value) ? escapeCopy(value) : value) : copyField(value);
}

export function copyInt(value: number | null): string {
  return typeof value === 'number' ? String(value) : copyField(value);
}

export function copyDec(value: Dec | null): string {
  return value instanceof Dec ? value.toFixed() : copyField(value);
}

export function copyBool(value: boolean | null): string {
  return value === true ? 't' : value === false ? 'f' : copyField(value);
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
