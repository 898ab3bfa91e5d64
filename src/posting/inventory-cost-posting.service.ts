import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import type { IsoDate } from '../common/dates';
import { inTransaction, SqlSession, withSession } from '../database/sql-session';
import { accountPair } from '../costing/gl-posting-matrix';
import { postingDateRefusal } from '../costing/posting-window';
import { DecimalTextSum } from '../common/decimal-text-sum';
import { handled } from '../common/handled';
import { lockCounters, saveCounters } from '../ledgers/ledger-writer';
import { CostingSetup, loadCostingSetup } from '../setup/costing-setup';
import { type Candidate, ChunkPlan, GeneralLedgerRepository, type GLLine, type PostingKey, postingKeyOf } from './general-ledger.repository';
import { PostingAccounts } from './posting-accounts';

export type { GLLine };

export type PostingMethod = 'PerEntry' | 'PerPostingGroup';

export interface PostInventoryCostOptions {
  method?: PostingMethod;
  /** Per posting group only (R106): the document number of the G/L entries. */
  documentNo?: string | null;
  /** Only value entries from this entry number on (automatic cost posting of one posting). */
  fromValueEntryNo?: number | null;
  /** Value entries read per chunk: bounds memory on a year's worth. */
  chunkSize?: number;
}

export interface SkippedEntry {
  valueEntryNo: number;
  reason: string;
}

export interface PostInventoryCostResult {
  glRegisterNo: number | null;
  glEntries: number;
  valueEntriesPosted: number;
  /** The first skipped entries with their reasons (R107), and how many per reason in all. */
  skipped: SkippedEntry[];
  skippedByReason: Record<string, number>;
}

export const INVENTORY_POSTING_SOURCE = 'INVTPCOST';
const SKIPPED_LISTED = 1000;

const isZero = (amount: string) => /^-?0*\.?0*$/.test(amount);
const negate = (amount: string) => (amount.startsWith('-') ? amount.slice(1) : `-${amount}`);

/**
 * Decides, value entry by value entry, what goes to which accounts (R101–R105), with every
 * lookup cached per run: account pairs per entry type, accounts per posting-setup key, date
 * refusals per date. Amounts stay decimal text (negation is a sign flip); per posting group each
 * G/L entry sums its amounts exactly as they are planned (`DecimalTextSum`, a scaled integer), so
 * that no statement has to sum a year's relation rows again at the end (issue 12: 0.7 s of a
 * million-entry posting, with nothing else left to overlap it).
 */
class PostingPlanner {
  private nextGlEntry: number;
  private readonly groups = new Map<string, GroupLine>();
  /** Account pairs by posting key: [0] for actual cost, [1] for expected cost. */
  private readonly pairs = [new Map<string, AccountPair | { missing: string }>(), new Map<string, AccountPair | { missing: string }>()];
  private readonly refusals = new Map<IsoDate, string | null>();

  constructor(
    private readonly setup: CostingSetup,
    private readonly accounts: PostingAccounts,
    private readonly method: PostingMethod,
    private readonly registerNo: number,
    firstGlEntry: number,
    private readonly groupDocument: string,
    private readonly skip: (valueEntryNo: number, reason: string) => void,
  ) {
    this.nextGlEntry = firstGlEntry - 1;
  }

  get lastGlEntry(): number {
    return this.nextGlEntry;
  }

  /** Per posting group: the G/L entries in entry order, each with the sum of its amounts. */
  groupLines(): GLLine[] {
    return [...this.groups.values()].map(({ total, ...line }) => ({ ...line, amount: total.toText() }));
  }

  private accountsFor(r: Candidate, expected: boolean): AccountPair | { missing: string } {
    const pairs = this.pairs[expected ? 1 : 0];
    let found = pairs.get(r[1]);
    if (!found) {
      const key = postingKeyOf(r[1]);
      const pair = accountPair(key.itemLedgerEntryType, key.entryType, expected, key.varianceType, key.orderType);
      const account = this.accounts.resolve(pair.account, key);
      const balancing = this.accounts.resolve(pair.balancing, key);
      found =
        'missing' in account
          ? account
          : 'missing' in balancing
            ? balancing
            : { account: account.account, balancing: balancing.account, key, groupLines: new Map() };
      pairs.set(r[1], found);
    }
    return found;
  }

  private refusal(date: IsoDate): string | null {
    if (!this.refusals.has(date)) {
      // R105: the G/L entry takes the value entry's posting date, which must be allowed.
      this.refusals.set(date, postingDateRefusal({ ...this.setup.window, lastClosedPeriodEnd: null, earliestAllowedValuationDate: null }, date));
    }
    return this.refusals.get(date) ?? null;
  }

  /** Per entry: a G/L entry of its own; its number. */
  private line(plan: ChunkPlan, r: Candidate, accountNo: string, amount: string): number {
    const entryNo = ++this.nextGlEntry;
    plan.lines.add(entryNo, r[2], accountNo, amount, r[3], `Item ledger entry ${r[6]}`);
    return entryNo;
  }

  /**
   * Per posting group: one G/L entry per (date, location, inventory posting group, gen. business
   * and gen. product posting group, account, sign), numbered when first met (R106). A pair already
   * stands for the location and groups, so it keeps its lines per date and side; the full key is
   * built only when a pair meets a date and side for the first time (this runs for every value
   * entry of a year).
   */
  private groupLine(r: Candidate, pair: AccountPair, side: Side, amount: string): GroupLine {
    const slot = side + (amount.startsWith('-') ? 1 : 0);
    let lines = pair.groupLines.get(r[2]);
    if (!lines) pair.groupLines.set(r[2], (lines = [undefined, undefined, undefined, undefined]));
    const kept = lines[slot];
    if (kept) return kept;
    const accountNo = side === DEBIT ? pair.account : pair.balancing;
    const k = pair.key;
    const key = `${r[2]}\u0000${k.locationCode}\u0000${k.inventoryPostingGroup}\u0000${k.genBusPostingGroup}\u0000${k.genProdPostingGroup}\u0000${accountNo}\u0000${slot & 1 ? '-' : '+'}`;
    let group = this.groups.get(key);
    if (!group) {
      const description = `Inventory cost ${k.locationCode || '(blank)'} ${k.inventoryPostingGroup} ${k.genBusPostingGroup} ${k.genProdPostingGroup}`.trim();
      group = {
        entryNo: ++this.nextGlEntry,
        postingDate: r[2],
        accountNo,
        amount: null,
        documentNo: this.groupDocument,
        description,
        total: new DecimalTextSum(),
      };
      this.groups.set(key, group);
    }
    return (lines[slot] = group);
  }

  newChunk(): ChunkPlan {
    return new ChunkPlan(this.registerNo, INVENTORY_POSTING_SOURCE, this.setup.userId);
  }

  /** Plans `rows[from..to)` into `plan`; `finishChunk` once every row of the chunk is planned. */
  planRows(plan: ChunkPlan, rows: Candidate[], from: number, to: number): void {
    const expectedOn = this.setup.expectedCostPostingToGL;
    for (let i = from; i < to; i++) {
      const r = rows[i];
      const no = r[0];
      const actual = r[4];
      const expected = r[5];
      const hasActual = !isZero(actual);
      const hasExpected = !isZero(expected);
      if (hasExpected && !expectedOn && !hasActual) {
        this.skip(no, 'expected cost is not posted to G/L (Expected Cost Posting to G/L is off in Inventory Setup)');
        continue;
      }
      // Written out for the two parts rather than looped: this runs for every value entry of a year.
      const expectedPair = hasExpected && expectedOn ? this.accountsFor(r, true) : null;
      const actualPair = hasActual ? this.accountsFor(r, false) : null;
      const missing = (actualPair && 'missing' in actualPair && actualPair.missing) || (expectedPair && 'missing' in expectedPair && expectedPair.missing);
      if (missing) {
        this.skip(no, missing);
        continue;
      }
      const refusal = this.refusal(r[2]);
      if (refusal) {
        this.skip(no, refusal);
        continue;
      }
      // The expected part first, then the actual part; each to its account and its balancing account.
      if (expectedPair && !('missing' in expectedPair)) this.relate(plan, r, expectedPair, expected);
      if (actualPair && !('missing' in actualPair)) this.relate(plan, r, actualPair, actual);
      const postedActual = actualPair ? actual : '0';
      const postedExpected = expectedPair ? expected : '0';
      if (r[7]) plan.morePostings.push({ no, actual: postedActual, expected: postedExpected });
      else plan.addNewPosting(no, postedActual, postedExpected);
      plan.posted++;
    }
  }

  finishChunk(plan: ChunkPlan): ChunkPlan {
    plan.releaseGroupRelations();
    return plan;
  }

  /** One part of a value entry: the amount to its account, the negated amount to the balancing account. */
  private relate(plan: ChunkPlan, r: Candidate, pair: AccountPair, amount: string): void {
    const negated = negate(amount);
    if (this.method === 'PerEntry') {
      plan.addRelation(this.line(plan, r, pair.account, amount), r[0], amount);
      plan.addRelation(this.line(plan, r, pair.balancing, negated), r[0], negated);
    } else {
      const debitGroup = this.groupLine(r, pair, DEBIT, amount);
      const creditGroup = this.groupLine(r, pair, CREDIT, negated);
      debitGroup.total.add(amount);
      creditGroup.total.add(amount, true);
      plan.addGroupRelation(debitGroup.entryNo, r[0], amount);
      plan.addGroupRelation(creditGroup.entryNo, r[0], negated);
    }
  }
}

/**
 * Rows planned between two turns of the event loop. The previous chunk's COPY is fed to
 * PostgreSQL from this thread, a socket buffer at a time, only when the event loop turns: a
 * chunk of 100,000 value entries planned in one go left the writing connection waiting for its
 * data for most of the planning (CPU profile of a year's posting per entry: the writing backend
 * busy 13.8 s of 21.9 s, Node's main thread 9.0 s, a third of both cores idle; issue 12).
 */
const PLAN_SLICE = 2_000;

async function planInSlices(planner: PostingPlanner, rows: Candidate[]): Promise<ChunkPlan> {
  const plan = planner.newChunk();
  for (let from = 0; from < rows.length; from += PLAN_SLICE) {
    if (from > 0) await new Promise<void>((turn) => setImmediate(turn));
    planner.planRows(plan, rows, from, Math.min(rows.length, from + PLAN_SLICE));
  }
  return planner.finishChunk(plan);
}

/** Accounts resolved for one posting-setup key, with its G/L entries per posting group by date (debit +/−, credit +/−). */
interface AccountPair {
  account: string;
  balancing: string;
  key: PostingKey;
  groupLines: Map<IsoDate, (GroupLine | undefined)[]>;
}

/** A G/L entry per posting group while it is planned: its amount is the sum of its value entries' parts. */
interface GroupLine extends GLLine {
  total: DecimalTextSum;
}

type Side = 0 | 2;
const DEBIT: Side = 0;
const CREDIT: Side = 2;

/**
 * Post Inventory Cost to G/L (R99–R107): for each value entry, the part of its actual cost not
 * yet posted (and of its expected cost, when Expected Cost Posting to G/L is on) goes to the
 * account pair of the matrix (R101), per entry or per posting group (R106), all in one G/L
 * register, with a G/L – Item Ledger Relation row for every G/L entry a value entry fed (R8).
 * An entry that cannot be posted (missing setup, posting date outside the allowed range) is
 * skipped whole and listed with the reason — never half posted. Running it again posts nothing.
 *
 * Set-based and pipelined: value entries are read in chunks; while PostgreSQL writes one chunk's
 * G/L rows, relations and posting rows (COPY, no UPDATE of value entries) and reads the next
 * chunk, the service plans the next one.
 */
@Injectable()
export class InventoryCostPostingService {
  constructor(
    private readonly orm: MikroORM,
    private readonly ledger: GeneralLedgerRepository,
  ) {}

  /**
   * A posting of its own: it reads the value entries on a second connection while its own writes
   * the previous chunk, so PostgreSQL reads and writes at the same time. The reader sees what
   * the posting's transaction sees of them: it reads only after the posting holds the ledger
   * counters, which every other posting needs to add value entries, and only entries after
   * those already planned, whose posting rows are the only ones this transaction has written.
   * Both connections are taken before the counters are locked, so the posting that holds them
   * never waits for the pool.
   */
  async post(userId: string, options: PostInventoryCostOptions = {}): Promise<PostInventoryCostResult> {
    return inTransaction(this.orm, async (sql) => {
      const setup = await loadCostingSetup(sql, userId);
      return withSession(this.orm, (reader) => this.postIn(sql, setup, options, reader));
    });
  }

  /**
   * Posts inside the caller's transaction (`sql`). `reader` reads the value entries; it defaults to
   * the same session, as it must when the caller's transaction wrote value entries not committed
   * yet (automatic cost posting after a journal posting).
   */
  async postIn(sql: SqlSession, setup: CostingSetup, options: PostInventoryCostOptions = {}, reader: SqlSession = sql): Promise<PostInventoryCostResult> {
    const method = options.method ?? 'PerEntry';
    const accounts = await PostingAccounts.load(sql, this.ledger);
    const counters = await lockCounters(sql);
    const registerNo = counters.gl_register + 1;
    const groupDocument = options.documentNo || `INVT${String(registerNo).padStart(6, '0')}`;
    const result: PostInventoryCostResult = { glRegisterNo: null, glEntries: 0, valueEntriesPosted: 0, skipped: [], skippedByReason: {} };
    const skip = (valueEntryNo: number, reason: string) => {
      const kind = reason.replace(/'[^']*'/g, "'…'");
      result.skippedByReason[kind] = (result.skippedByReason[kind] ?? 0) + 1;
      if (result.skipped.length < SKIPPED_LISTED) result.skipped.push({ valueEntryNo, reason });
    };
    const planner = new PostingPlanner(setup, accounts, method, registerNo, counters.gl_entry + 1, groupDocument, skip);
    const chunkSize = options.chunkSize ?? 100_000;
    const read = (after: number) => handled(this.ledger.unpostedValueEntries(reader, after, chunkSize));

    let next = read((options.fromValueEntryNo ?? 1) - 1);
    let writing: Promise<void> = Promise.resolve();
    for (;;) {
      const rows = await next;
      if (rows.length === 0) break;
      // Ask for the next chunk now: PostgreSQL reads it while this one is planned.
      next = rows.length < chunkSize ? Promise.resolve([]) : read(rows[rows.length - 1][0]);
      const plan = await planInSlices(planner, rows);
      await writing;
      writing = handled(this.ledger.writeChunk(sql, plan, registerNo));
      result.valueEntriesPosted += plan.posted;
      result.glEntries += plan.lines.text.rows;
    }
    await writing;
    const groups = planner.groupLines();
    if (groups.length) {
      await this.ledger.writeGLLines(sql, groups, registerNo, INVENTORY_POSTING_SOURCE, setup.userId);
      result.glEntries += groups.length;
    }
    if (planner.lastGlEntry > counters.gl_entry) {
      await this.ledger.insertRegister(sql, {
        no: registerNo,
        fromEntryNo: counters.gl_entry + 1,
        toEntryNo: planner.lastGlEntry,
        sourceCode: INVENTORY_POSTING_SOURCE,
        userId: setup.userId,
      });
      await saveCounters(sql, { gl_entry: planner.lastGlEntry, gl_register: registerNo });
      result.glRegisterNo = registerNo;
    }
    return result;
  }
}
