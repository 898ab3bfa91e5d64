import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Dec, roundTo, ZERO } from '../common/decimal';
import { amountBounds, readDecimalField } from '../common/decimal-bounds';
import { isIsoDate } from '../common/dates';
import { ErrorDetail, PostingRefusedError, ValidationError } from '../common/errors';
import { inTransaction } from '../database/sql-session';
import { postingDateRefusal } from '../costing/posting-window';
import { lockCounters, saveCounters } from '../ledgers/ledger-writer';
import { loadCostingSetup } from '../setup/costing-setup';
import { GeneralLedgerRepository } from './general-ledger.repository';

export interface GLJournalLineInput {
  accountNo: string;
  postingDate: string;
  amount: string;
  documentNo?: string;
  description?: string;
}

export const GL_JOURNAL_SOURCE = 'GENJNL';

/**
 * The general journal, for postings straight to G/L accounts (a direct posting to an inventory
 * account shows up in the reconciliation as its own cause). Lines are checked as a whole and
 * posted in one register, balanced per document and date, or not at all.
 */
@Injectable()
export class GLJournalService {
  constructor(
    private readonly orm: MikroORM,
    private readonly ledger: GeneralLedgerRepository,
  ) {}

  async post(lines: readonly GLJournalLineInput[], userId: string): Promise<{ glRegisterNo: number; glEntryNos: number[] }> {
    return inTransaction(this.orm, async (sql) => {
      const setup = await loadCostingSetup(sql, userId);
      const known = await this.ledger.existingAccounts(
        sql,
        lines.map((l) => String(l.accountNo)),
      );
      const problems: ErrorDetail[] = [];
      const balance = new Map<string, Dec>();
      const parsed = lines.map((l, i) => {
        const line = i + 1;
        if (!known.has(String(l.accountNo))) problems.push({ line, field: 'accountNo', message: `G/L account '${String(l.accountNo)}' does not exist` });
        if (!isIsoDate(l.postingDate)) problems.push({ line, field: 'postingDate', message: `'${String(l.postingDate)}' is not a date (YYYY-MM-DD)` });
        const read = readDecimalField(l.amount, amountBounds(setup.precisions.amount));
        const amount = 'value' in read ? read.value : null;
        if ('error' in read) problems.push({ line, field: 'amount', message: read.error });
        else if (read.value.isZero()) problems.push({ line, field: 'amount', message: 'must not be 0' });
        const rounded = amount ? roundTo(amount, setup.precisions.amount) : ZERO;
        const key = `${l.documentNo ?? ''}\u0000${l.postingDate}`;
        balance.set(key, (balance.get(key) ?? ZERO).plus(rounded));
        return { ...l, amount: rounded, line };
      });
      for (const [key, sum] of balance) {
        if (!sum.isZero()) {
          const [doc, date] = key.split('\u0000');
          problems.push({ field: 'amount', message: `document '${doc}' on ${date} does not balance: the lines sum to ${sum.toFixed()}` });
        }
      }
      if (lines.length === 0) problems.push({ field: 'lines', message: 'post at least two lines' });
      if (problems.length) throw ValidationError.of(problems);
      for (const p of parsed) {
        const refusal = postingDateRefusal({ ...setup.window, lastClosedPeriodEnd: null }, p.postingDate);
        if (refusal) throw PostingRefusedError.at(p.line, 'postingDate', refusal);
      }
      const counters = await lockCounters(sql);
      const registerNo = counters.gl_register + 1;
      const entries = parsed.map((p, i) => ({
        entryNo: counters.gl_entry + i + 1,
        postingDate: p.postingDate,
        accountNo: String(p.accountNo),
        amount: p.amount,
        documentNo: p.documentNo ?? `GJ${String(registerNo).padStart(6, '0')}`,
        description: p.description ?? '',
      }));
      await this.ledger.writeGLLines(sql, entries, registerNo, GL_JOURNAL_SOURCE, userId);
      await this.ledger.insertRegister(sql, {
        no: registerNo,
        fromEntryNo: entries[0].entryNo,
        toEntryNo: entries[entries.length - 1].entryNo,
        sourceCode: GL_JOURNAL_SOURCE,
        userId,
      });
      await saveCounters(sql, { gl_entry: entries[entries.length - 1].entryNo, gl_register: registerNo });
      return { glRegisterNo: registerNo, glEntryNos: entries.map((e) => e.entryNo) };
    });
  }
}
