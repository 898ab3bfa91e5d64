import { Injectable } from '@nestjs/common';
import type { Dec } from '../common/decimal';
import type { IsoDate } from '../common/dates';
import { sharedText } from '../common/shared-text';
import { copyField, CopyTextBuffer, type SqlSession } from '../database/sql-session';
import type { OrderType, ValueEntryItemLedgerEntryType, ValueEntryType, VarianceType } from '../costing/types';
import type { PostingKeys } from './posting-accounts';

export interface GLLine {
  entryNo: number;
  postingDate: IsoDate;
  accountNo: string;
  /** Per posting group null while the entry is planned (its amount is summed as it goes). */
  amount: string | Dec | null;
  documentNo: string;
  description: string;
}

/**
 * A value entry read for posting: what of it is not posted yet, as decimal text. What decides its
 * accounts and its G/L entry per posting group comes as one text, `postingKey` (see
 * `postingKeyOf`): a year's posting reads 1.4 million of these, and eight fields of their own were
 * eight strings per entry for the garbage collector, and a key to join again for every lookup.
 */
export type Candidate = [
  entryNo: number,
  postingKey: string,
  postingDate: IsoDate,
  documentNo: string,
  unpostedActual: string,
  unpostedExpected: string,
  itemLedgerEntryNo: number,
  hasPostingRow: boolean,
];

/** What decides a value entry's accounts (R101) and its G/L entry per posting group (R106): the setup keys and the entry's types. */
export interface PostingKey extends PostingKeys {
  itemLedgerEntryType: ValueEntryItemLedgerEntryType;
  entryType: ValueEntryType;
  varianceType: VarianceType | null;
  orderType: OrderType | null;
}

/**
 * The posting key's fields as one row value in PostgreSQL's record text, `(a,b,,"c d")`:
 * unambiguous for any code (a field with a quote, backslash, comma, parenthesis or space is
 * quoted, its quotes and backslashes doubled; NULL is nothing, an empty code `""`). A JSON array
 * (`json_build_array`) cost the reader 1.7–2.4 s of database time per million-entry year against
 * 0.7–0.8 s without any key, the record text 0.7–0.9 s more (EXPLAIN ANALYZE of the year's chunks,
 * issue 12).
 */
const POSTING_KEY_SQL = `row(v.item_ledger_entry_type, v.entry_type, v.variance_type, v.order_type, v.location_code,
                           v.inventory_posting_group, v.gen_bus_posting_group, v.gen_prod_posting_group)::text`;

/** A candidate's posting key read back (once per distinct key and run). */
export function postingKeyOf(text: string): PostingKey {
  const [itemLedgerEntryType, entryType, varianceType, orderType, locationCode, inventoryPostingGroup, genBusPostingGroup, genProdPostingGroup] =
    recordFields(text);
  return {
    itemLedgerEntryType: itemLedgerEntryType as ValueEntryItemLedgerEntryType,
    entryType: entryType as ValueEntryType,
    varianceType: varianceType as VarianceType | null,
    orderType: orderType as OrderType | null,
    locationCode: locationCode ?? '',
    inventoryPostingGroup: inventoryPostingGroup ?? '',
    genBusPostingGroup: genBusPostingGroup ?? '',
    genProdPostingGroup: genProdPostingGroup ?? '',
  };
}

/** The fields of a row value's text as PostgreSQL's record output writes it (record_out); null for NULL. */
export function recordFields(text: string): (string | null)[] {
  const fields: (string | null)[] = [];
  if (text[0] !== '(' || text[text.length - 1] !== ')') throw new Error(`not a row value: ${text}`);
  let i = 1;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      for (i++; ; i++) {
        const ch = text[i];
        if (ch === undefined) throw new Error(`unterminated field in row value: ${text}`);
        if ((ch === '"' || ch === '\\') && text[i + 1] === ch) i++;
        else if (ch === '"') break;
        value += ch;
      }
      fields.push(value);
      i++;
    } else {
      let end = i;
      while (text[end] !== ',' && text[end] !== ')') end++;
      fields.push(end === i ? null : text.slice(i, end));
      i = end;
    }
    if (text[i] === ')') return fields;
    i++; // the comma
  }
}

/** Posting keys are shared up to this length: eight codes of a few characters each. */
const POSTING_KEY_MAX_SHARED = 200;

const GL_ENTRY_COLUMNS = ['entry_no', 'posting_date', 'account_no', 'amount', 'document_no', 'description', 'register_no', 'source_code', 'user_id'];
const RELATION_COLUMNS = ['gl_entry_no', 'value_entry_no', 'gl_register_no', 'amount'];
const POSTING_ROW_COLUMNS = ['value_entry_no', 'gl_register_no', 'cost_posted_to_gl', 'expected_cost_posted_to_gl'];

/** G/L entries of one register as COPY rows (GL_ENTRY_COLUMNS): the one place such a row is written. */
export class GLEntryRows {
  readonly text = new CopyTextBuffer();
  /** What every entry of the register ends with: register no., source code, user. */
  private readonly end: string;

  constructor(registerNo: number, sourceCode: string, userId: string) {
    this.end = `\t${registerNo}\t${copyField(sourceCode)}\t${copyField(userId)}`;
  }

  add(entryNo: number, postingDate: IsoDate, accountNo: string, amount: GLLine['amount'], documentNo: string, description: string): void {
    this.text.add(`${entryNo}\t${postingDate}\t${copyField(accountNo)}\t${copyField(amount)}\t${copyField(documentNo)}\t${copyField(description)}${this.end}`);
  }
}

/**
 * What one chunk of value entries writes, as COPY text rows written as the chunk is planned (a
 * year's posting per entry writes millions of G/L entries and relations; holding an array per row
 * until the COPY was most of the garbage collector's work, issue 12).
 */
export class ChunkPlan {
  /** Per entry: the G/L entries. Per posting group they are written at the end (`writeGLLines`). */
  readonly lines: GLEntryRows;
  readonly relations = new CopyTextBuffer();
  /** Value entries posted for the first time: their posting rows. */
  readonly newPostings = new CopyTextBuffer();
  /** Value entries posted before (the expected part later, say): amounts to add. */
  readonly morePostings: { no: number; actual: string; expected: string }[] = [];
  posted = 0;

  constructor(
    private readonly registerNo: number,
    sourceCode: string,
    userId: string,
  ) {
    this.lines = new GLEntryRows(registerNo, sourceCode, userId);
  }

  /**
   * Per posting group: relations held by G/L entry until `releaseGroupRelations`. A chunk feeds a
   * few hundred group G/L entries; its relations written in (G/L entry, value entry) order fill
   * the primary key's pages one after the other instead of touching each of them at random.
   * Held as bytes, one small buffer per G/L entry: held strings would outlive the young generation.
   */
  private readonly byGroupEntry = new Map<number, RelationBytes>();

  addRelation(glEntryNo: number, valueEntryNo: number, amount: string): void {
    this.relations.add(this.relationRow(glEntryNo, valueEntryNo, amount));
  }

  /** A relation to a G/L entry per posting group; value entries come in entry order. */
  addGroupRelation(glEntryNo: number, valueEntryNo: number, amount: string): void {
    let held = this.byGroupEntry.get(glEntryNo);
    if (!held) this.byGroupEntry.set(glEntryNo, (held = new RelationBytes()));
    held.add(glEntryNo, valueEntryNo, this.registerNo, amount);
  }

  /** A G/L – Item Ledger Relation as a COPY row (RELATION_COLUMNS): entry numbers and numeric text need no escaping. */
  private relationRow(glEntryNo: number, valueEntryNo: number, amount: string): string {
    return `${glEntryNo}\t${valueEntryNo}\t${this.registerNo}\t${amount}`;
  }

  /** Moves the held group relations into `relations`, by G/L entry and, within one, by value entry. */
  releaseGroupRelations(): void {
    const entries = [...this.byGroupEntry.keys()].sort((a, b) => a - b);
    for (const entryNo of entries) {
      const held = this.byGroupEntry.get(entryNo)!;
      this.relations.addRows(held.bytes(), held.rows);
    }
    this.byGroupEntry.clear();
  }

  addNewPosting(valueEntryNo: number, actual: string, expected: string): void {
    this.newPostings.add(`${valueEntryNo}\t${this.registerNo}\t${actual}\t${expected}`);
  }
}

/**
 * Relation rows (RELATION_COLUMNS) as ASCII bytes in a buffer that doubles as it fills, written
 * byte by byte here: a year's posting per posting group writes 2.7 million of them, and a row
 * made as a string and encoded by `Buffer.write` cost three calls into C++ each (1.4 s of Node's
 * 6.5 s with the buffers' growth; issue 12). Entry numbers are non-negative integers; amounts are
 * PostgreSQL's numeric text (digits, a sign, a point), which COPY takes as it is.
 */
class RelationBytes {
  private buffer = Buffer.allocUnsafe(1024);
  private used = 0;
  rows = 0;

  add(glEntryNo: number, valueEntryNo: number, registerNo: number, amount: string): void {
    // Three numbers of at most 16 digits (safe integers), three tabs, a newline.
    const longest = 3 * 16 + 4 + amount.length;
    if (this.used + longest > this.buffer.length) {
      const larger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + longest));
      this.buffer.copy(larger, 0, 0, this.used);
      this.buffer = larger;
    }
    const b = this.buffer;
    let at = writeDigits(b, this.used, glEntryNo);
    b[at++] = 9; // tab
    at = writeDigits(b, at, valueEntryNo);
    b[at++] = 9;
    at = writeDigits(b, at, registerNo);
    b[at++] = 9;
    for (let i = 0; i < amount.length; i++) b[at++] = amount.charCodeAt(i);
    b[at++] = 10; // newline
    this.used = at;
    this.rows++;
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.used);
  }
}

/** A non-negative integer's decimal digits at `at`; where they end. */
function writeDigits(b: Buffer, at: number, n: number): number {
  if (!(n >= 0 && Number.isSafeInteger(n))) throw new Error(`not an entry number: ${n}`);
  let digits = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  for (let i = at + digits - 1, rest = n; i >= at; i--, rest = Math.floor(rest / 10)) b[i] = 48 + (rest % 10);
  return at + digits;
}

export interface GLRegister {
  no: number;
  fromEntryNo: number;
  toEntryNo: number;
  sourceCode: string;
  userId: string;
}

const CANDIDATES_SQL = `
  SELECT v.entry_no, ${POSTING_KEY_SQL}, v.posting_date, v.document_no,
         (v.cost_amount_actual - coalesce(p.cost_posted_to_gl, 0))::text, (v.cost_amount_expected - coalesce(p.expected_cost_posted_to_gl, 0))::text,
         v.item_ledger_entry_no, p.value_entry_no IS NOT NULL
    FROM value_entry v LEFT JOIN value_entry_gl_posting p ON p.value_entry_no = v.entry_no
   WHERE v.entry_no > $1
     AND (v.cost_amount_actual <> coalesce(p.cost_posted_to_gl, 0) OR v.cost_amount_expected <> coalesce(p.expected_cost_posted_to_gl, 0))
   ORDER BY v.entry_no LIMIT $2`;

/**
 * The general ledger as posting writes it (R99–R107): the value entries not yet posted, read in
 * chunks (rows as arrays, the hot path of a year's posting), G/L entries, relations and posting
 * rows written with COPY, registers, and the posting setup and accounts posting reads. Every method
 * takes the caller's session (the posting's transaction).
 */
@Injectable()
export class GeneralLedgerRepository {
  /**
   * Value entries after `after` with an amount not posted to G/L yet, in entry order. Read through
   * COPY (`queryMapped`): pg's row protocol made a string per field, a third of Node's time in a
   * year's posting per posting group (issue 12).
   */
  unpostedValueEntries(sql: SqlSession, after: number, limit: number): Promise<Candidate[]> {
    return sql.queryMapped(CANDIDATES_SQL, [after, limit], (row) => {
      const candidate = row as Candidate;
      // Shared strings for what repeats, the posting key and the date (a chunk of 100,000
      // candidates held strings of its own for each, copied through the young generation while
      // the chunk waited to be planned; issue 12). Not the document number: most are one-offs,
      // and the shared table is bounded.
      candidate[1] = sharedText(candidate[1], POSTING_KEY_MAX_SHARED);
      candidate[2] = sharedText(candidate[2]) as IsoDate;
      return candidate;
    });
  }

  async insertRegister(sql: SqlSession, r: GLRegister): Promise<void> {
    await sql.query('INSERT INTO gl_register (no, from_entry_no, to_entry_no, source_code, user_id) VALUES ($1, $2, $3, $4, $5)', [
      r.no,
      r.fromEntryNo,
      r.toEntryNo,
      r.sourceCode,
      r.userId,
    ]);
  }

  /** The account numbers of `nos` that exist. */
  async existingAccounts(sql: SqlSession, nos: readonly string[]): Promise<Set<string>> {
    const rows = await sql.query<{ no: string }>('SELECT no FROM gl_account WHERE no = ANY($1::text[])', [[...nos]]);
    return new Set(rows.map((r) => r.no));
  }

  /** Inventory Posting Setup and General Posting Setup, whole (small tables), rows by column name. */
  async postingSetups(sql: SqlSession): Promise<{ inventory: Record<string, string>[]; general: Record<string, string>[] }> {
    const inventory = await sql.query<Record<string, string>>('SELECT * FROM inventory_posting_setup');
    const general = await sql.query<Record<string, string>>('SELECT * FROM general_posting_setup');
    return { inventory, general };
  }

  async writeChunk(sql: SqlSession, plan: ChunkPlan, registerNo: number): Promise<void> {
    if (plan.lines.text.rows) await sql.copyInText('gl_entry', GL_ENTRY_COLUMNS, plan.lines.text);
    if (plan.relations.rows) await sql.copyInText('gl_item_ledger_relation', RELATION_COLUMNS, plan.relations);
    if (plan.newPostings.rows) await sql.copyInText('value_entry_gl_posting', POSTING_ROW_COLUMNS, plan.newPostings);
    if (plan.morePostings.length) {
      await sql.query(
        `UPDATE value_entry_gl_posting p SET cost_posted_to_gl = p.cost_posted_to_gl + m.actual, expected_cost_posted_to_gl = p.expected_cost_posted_to_gl + m.expected, gl_register_no = $4
         FROM unnest($1::int[], $2::numeric[], $3::numeric[]) AS m(no, actual, expected) WHERE p.value_entry_no = m.no`,
        [plan.morePostings.map((m) => m.no), plan.morePostings.map((m) => m.actual), plan.morePostings.map((m) => m.expected), registerNo],
      );
    }
  }

  async writeGLLines(sql: SqlSession, lines: GLLine[], registerNo: number, sourceCode: string, userId: string): Promise<void> {
    if (lines.length === 0) return;
    const rows = new GLEntryRows(registerNo, sourceCode, userId);
    for (const l of lines) rows.add(l.entryNo, l.postingDate, l.accountNo, l.amount, l.documentNo, l.description);
    await sql.copyInText('gl_entry', GL_ENTRY_COLUMNS, rows.text);
  }
}
