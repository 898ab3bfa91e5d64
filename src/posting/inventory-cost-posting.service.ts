import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Dec, ZERO } from '../common/decimal';
import type { IsoDate } from '../common/dates';
import { inTransaction, SqlSession } from '../database/sql-session';
import { accountPair } from '../costing/gl-posting-matrix';
import { postingDateRefusal } from '../costing/posting-window';
import type { ItemLedgerEntryType, ValueEntryType } from '../costing/types';
import { lockCounters, saveCounters } from '../ledgers/ledger-writer';
import { CostingSetup, loadCostingSetup } from '../setup/costing-setup';
import { PostingAccounts } from './posting-accounts';

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

interface Part {
  expected: boolean;
  amount: Dec;
  account: string;
  balancing: string;
}

interface GLLine {
  entryNo: number;
  postingDate: IsoDate;
  accountNo: string;
  amount: Dec;
  documentNo: string;
  description: string;
}

/**
 * Post Inventory Cost to G/L (R99–R107): for each value entry, the part of its actual cost not
 * yet posted (and of its expected cost, when Expected Cost Posting to G/L is on) goes to the
 * account pair of the matrix (R101), per entry or per posting group (R106), all in one G/L
 * register, with a G/L – Item Ledger Relation row for every G/L entry a value entry fed (R8).
 * An entry that cannot be posted (missing setup, posting date outside the allowed range) is
 * skipped whole and listed with the reason — never half posted. Running it again posts nothing.
 * Set-based: value entries are read in chunks, G/L rows written with COPY, value entries updated
 * with one statement per chunk.
 */
@Injectable()
export class InventoryCostPostingService {
  constructor(private readonly orm: MikroORM) {}

  async post(userId: string, options: PostInventoryCostOptions = {}): Promise<PostInventoryCostResult> {
    return inTransaction(this.orm, async (sql) => this.postIn(sql, await loadCostingSetup(sql, userId), options));
  }

  async postIn(sql: SqlSession, setup: CostingSetup, options: PostInventoryCostOptions = {}): Promise<PostInventoryCostResult> {
    const method = options.method ?? 'PerEntry';
    const accounts = await PostingAccounts.load(sql);
    const counters = await lockCounters(sql);
    const registerNo = counters.gl_register + 1;
    let nextGlEntry = counters.gl_entry;
    const groupDocument = options.documentNo || `INVT${String(registerNo).padStart(6, '0')}`;
    const result: PostInventoryCostResult = { glRegisterNo: null, glEntries: 0, valueEntriesPosted: 0, skipped: [], skippedByReason: {} };
    const skip = (valueEntryNo: number, reason: string) => {
      result.skippedByReason[reason.replace(/'[^']*'/g, "'…'")] = (result.skippedByReason[reason.replace(/'[^']*'/g, "'…'")] ?? 0) + 1;
      if (result.skipped.length < SKIPPED_LISTED) result.skipped.push({ valueEntryNo, reason });
    };
    // Per posting group: one G/L entry per (date, location, inventory posting group, gen. business
    // and gen. product posting group, account, sign), numbered when first met.
    const groups = new Map<string, GLLine>();
    const chunkSize = options.chunkSize ?? 100_000;
    let after = (options.fromValueEntryNo ?? 1) - 1;
    for (;;) {
      const rows = await sql.queryArrays(
        `SELECT entry_no, item_ledger_entry_type, entry_type, posting_date, document_no, location_code, inventory_posting_group,
                gen_bus_posting_group, gen_prod_posting_group,
                (cost_amount_actual - cost_posted_to_gl)::text, (cost_amount_expected - expected_cost_posted_to_gl)::text, item_ledger_entry_no
           FROM value_entry
          WHERE entry_no > $1 AND (cost_amount_actual <> cost_posted_to_gl OR cost_amount_expected <> expected_cost_posted_to_gl)
          ORDER BY entry_no LIMIT $2`,
        [after, chunkSize],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1][0] as number;
      const lines: GLLine[] = [];
      const relations: (number | Dec)[][] = [];
      const posted: { no: number; actual: Dec; expected: Dec }[] = [];
      const postedNos = new Set<number>();
      for (const r of rows) {
        const no = r[0] as number;
        const keys = { locationCode: r[5] as string, inventoryPostingGroup: r[6] as string, genBusPostingGroup: r[7] as string, genProdPostingGroup: r[8] as string };
        const actual = new Dec(r[9] as string);
        const expected = new Dec(r[10] as string);
        const postingDate = r[3] as IsoDate;
        if (!expected.isZero() && !setup.expectedCostPostingToGL && actual.isZero()) {
          skip(no, 'expected cost is not posted to G/L (Expected Cost Posting to G/L is off in Inventory Setup)');
          continue;
        }
        const parts: Part[] = [];
        let missing: string | null = null;
        for (const [isExpected, amount] of [[true, expected], [false, actual]] as const) {
          if (amount.isZero() || (isExpected && !setup.expectedCostPostingToGL)) continue;
          const pair = accountPair(r[1] as ItemLedgerEntryType, r[2] as ValueEntryType, isExpected);
          const account = accounts.resolve(pair.account, keys);
          const balancing = accounts.resolve(pair.balancing, keys);
          if ('missing' in account) missing = account.missing;
          else if ('missing' in balancing) missing = balancing.missing;
          else parts.push({ expected: isExpected, amount, account: account.account, balancing: balancing.account });
        }
        if (missing) {
          skip(no, missing);
          continue;
        }
        // R105: the G/L entry takes the value entry's posting date, which must be allowed.
        const refusal = postingDateRefusal({ ...setup.window, lastClosedPeriodEnd: null, earliestAllowedValuationDate: null }, postingDate);
        if (refusal) {
          skip(no, refusal);
          continue;
        }
        for (const part of parts) {
          for (const [accountNo, amount] of [[part.account, part.amount], [part.balancing, part.amount.negated()]] as const) {
            let line: GLLine;
            if (method === 'PerEntry') {
              line = { entryNo: ++nextGlEntry, postingDate, accountNo, amount, documentNo: r[4] as string, description: `Item ledger entry ${String(r[11])}` };
              lines.push(line);
            } else {
              const key = `${postingDate}\u0000${keys.locationCode}\u0000${keys.inventoryPostingGroup}\u0000${keys.genBusPostingGroup}\u0000${keys.genProdPostingGroup}\u0000${accountNo}\u0000${amount.greaterThan(0) ? '+' : '-'}`;
              let group = groups.get(key);
              if (!group) {
                group = { entryNo: ++nextGlEntry, postingDate, accountNo, amount: ZERO, documentNo: groupDocument, description: `Inventory cost ${keys.locationCode || '(blank)'} ${keys.inventoryPostingGroup} ${keys.genBusPostingGroup} ${keys.genProdPostingGroup}`.trim() };
                groups.set(key, group);
              }
              group.amount = group.amount.plus(amount);
              line = group;
            }
            relations.push([line.entryNo, no, registerNo, amount]);
          }
        }
        posted.push({ no, actual: parts.some((p) => !p.expected) ? actual : ZERO, expected: parts.some((p) => p.expected) ? expected : ZERO });
        postedNos.add(no);
      }
      await writeGLLines(sql, lines, registerNo, INVENTORY_POSTING_SOURCE, setup.userId);
      if (relations.length) await sql.copyIn('gl_item_ledger_relation', ['gl_entry_no', 'value_entry_no', 'gl_register_no', 'amount'], relations);
      if (posted.length) {
        // Everything of the chunk posted except what was skipped: one range update, no arrays.
        const skippedHere = rows.map((r) => r[0] as number).filter((no) => !postedNos.has(no));
        await sql.query(
          `UPDATE value_entry SET cost_posted_to_gl = cost_amount_actual,
                  expected_cost_posted_to_gl = CASE WHEN $4 THEN cost_amount_expected ELSE expected_cost_posted_to_gl END
            WHERE entry_no >= $1 AND entry_no <= $2 AND entry_no <> ALL($3::int[])
              AND (cost_amount_actual <> cost_posted_to_gl OR ($4 AND cost_amount_expected <> expected_cost_posted_to_gl))`,
          [rows[0][0] as number, after, skippedHere, setup.expectedCostPostingToGL],
        );
      }
      result.valueEntriesPosted += posted.length;
      result.glEntries += lines.length;
      if (rows.length < chunkSize) break;
    }
    if (groups.size) {
      // Amounts of one sign only were grouped, but a group may still sum to zero: nothing to post.
      const lines = [...groups.values()].sort((a, b) => a.entryNo - b.entryNo);
      await writeGLLines(sql, lines, registerNo, INVENTORY_POSTING_SOURCE, setup.userId);
      result.glEntries += lines.length;
    }
    if (nextGlEntry > counters.gl_entry) {
      await sql.query('INSERT INTO gl_register (no, from_entry_no, to_entry_no, source_code, user_id) VALUES ($1, $2, $3, $4, $5)', [registerNo, counters.gl_entry + 1, nextGlEntry, INVENTORY_POSTING_SOURCE, setup.userId]);
      await saveCounters(sql, { gl_entry: nextGlEntry, gl_register: registerNo });
      result.glRegisterNo = registerNo;
    }
    return result;
  }
}

export async function writeGLLines(sql: SqlSession, lines: GLLine[], registerNo: number, sourceCode: string, userId: string): Promise<void> {
  if (lines.length === 0) return;
  await sql.copyIn(
    'gl_entry',
    ['entry_no', 'posting_date', 'account_no', 'amount', 'document_no', 'description', 'register_no', 'source_code', 'user_id'],
    lines.map((l) => [l.entryNo, l.postingDate, l.accountNo, l.amount, l.documentNo, l.description, registerNo, sourceCode, userId]),
  );
}
