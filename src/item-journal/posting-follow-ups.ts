import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import type { IsoDate } from '../common/dates';
import type { SqlSession } from '../database/sql-session';
import { AdjustmentService } from '../adjustment/adjustment.service';
import { InventoryCostPostingService } from '../posting/inventory-cost-posting.service';
import type { LedgerState } from '../costing/posting/ledger-state';
import type { PostingOperation } from '../costing/posting/operations';
import type { CostingSetup } from '../setup/costing-setup';

/**
 * What runs after an item posting, in the same transaction: automatic cost adjustment (R43) of
 * the items the posting touched, and automatic cost posting to G/L (R10, R122). Each step reports
 * what it did in one line.
 */
@Injectable()
export class PostingFollowUps {
  constructor(
    private readonly adjustment: AdjustmentService,
    private readonly glPosting: InventoryCostPostingService,
    private readonly clock: Clock,
  ) {}

  async afterPosting(sql: SqlSession, setup: CostingSetup, state: LedgerState, _operations: PostingOperation[], workDate: IsoDate | null): Promise<string[]> {
    const done: string[] = [];
    const touched = [...new Set(state.newValueEntries.map((v) => v.itemNo))].sort();
    const adjusted = await this.adjustment.adjustAfterPosting(sql, setup, touched, workDate ?? this.clock.today());
    if (adjusted) done.push(`automatic cost adjustment: ${adjusted.entriesWritten} value entries for ${touched.length} item(s)`);
    if (setup.automaticCostPosting && state.newValueEntries.length) {
      // R10, R122: what this posting (and its automatic adjustment) wrote goes to G/L now.
      const posted = await this.glPosting.postIn(sql, setup, { method: 'PerEntry', fromValueEntryNo: state.newValueEntries[0].entryNo });
      done.push(`automatic cost posting: ${posted.glEntries} G/L entries${posted.skipped.length ? `, ${posted.skipped.length} value entries skipped (${posted.skipped[0].reason})` : ''}`);
    }
    return done;
  }
}
