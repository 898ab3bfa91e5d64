import { Injectable } from '@nestjs/common';
import type { IsoDate } from '../common/dates';
import type { SqlSession } from '../database/sql-session';
import type { LedgerState } from '../costing/posting/ledger-state';
import type { CostingSetup } from '../setup/costing-setup';

/**
 * Something that runs after an item posting, in the same transaction: automatic cost adjustment
 * (R43) and automatic cost posting to G/L (R10, R122) are two. Registered by the downstream
 * module that owns the work (adjustment, posting), so the item journal — the upstream stage —
 * depends on none of them; `order` says who goes first (adjustment before G/L posting, so that
 * what the adjustment wrote is posted too).
 */
export interface PostingFollowUp {
  readonly order: number;
  /** One line saying what it did, or null when it had nothing to do. */
  afterPosting(sql: SqlSession, setup: CostingSetup, state: LedgerState, touchedItems: string[], workDate: IsoDate | null): Promise<string | null>;
}

/** The follow-ups registered so far, run in their order after every posting. */
@Injectable()
export class PostingFollowUps {
  private readonly followUps: PostingFollowUp[] = [];

  register(followUp: PostingFollowUp): void {
    this.followUps.push(followUp);
    this.followUps.sort((a, b) => a.order - b.order);
  }

  async afterPosting(sql: SqlSession, setup: CostingSetup, state: LedgerState, _operations: readonly unknown[], workDate: IsoDate | null): Promise<string[]> {
    // Capacity value entries belong to no item ('').
    const touched = [...new Set(state.newValueEntries.map((v) => v.itemNo))].filter((no) => no !== '').sort();
    const done: string[] = [];
    for (const followUp of this.followUps) {
      const line = await followUp.afterPosting(sql, setup, state, touched, workDate);
      if (line) done.push(line);
    }
    return done;
  }
}
