import { Injectable, OnModuleInit } from '@nestjs/common';
import type { SqlSession } from '../database/sql-session';
import type { LedgerState } from '../costing/posting/ledger-state';
import { PostingFollowUp, PostingFollowUps } from '../item-journal/posting-follow-ups';
import type { CostingSetup } from '../setup/costing-setup';
import { InventoryCostPostingService } from './inventory-cost-posting.service';

/**
 * R10, R122: with Automatic Cost Posting on, what a posting (and its automatic adjustment, which
 * runs first) wrote goes to G/L in the same transaction.
 */
@Injectable()
export class AutomaticCostPostingFollowUp implements PostingFollowUp, OnModuleInit {
  readonly order = 20;

  constructor(
    private readonly followUps: PostingFollowUps,
    private readonly glPosting: InventoryCostPostingService,
  ) {}

  onModuleInit(): void {
    this.followUps.register(this);
  }

  async afterPosting(sql: SqlSession, setup: CostingSetup, state: LedgerState): Promise<string | null> {
    if (!setup.automaticCostPosting || state.newValueEntries.length === 0) return null;
    const posted = await this.glPosting.postIn(sql, setup, { method: 'PerEntry', fromValueEntryNo: state.newValueEntries[0].entryNo });
    return `automatic cost posting: ${posted.glEntries} G/L entries${posted.skipped.length ? `, ${posted.skipped.length} value entries skipped (${posted.skipped[0].reason})` : ''}`;
  }
}
