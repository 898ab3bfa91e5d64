import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock';
import type { IsoDate } from '../common/dates';
import type { SqlSession } from '../database/sql-session';
import type { LedgerState } from '../costing/posting/ledger-state';
import { PostingFollowUp, PostingFollowUps } from '../item-journal/posting-follow-ups';
import type { CostingSetup } from '../setup/costing-setup';
import { AdjustmentService } from './adjustment.service';

/** R43: automatic cost adjustment of the items a posting touched, in its transaction. */
@Injectable()
export class AutomaticAdjustmentFollowUp implements PostingFollowUp, OnModuleInit {
  readonly order = 10;

  constructor(
    private readonly followUps: PostingFollowUps,
    private readonly adjustment: AdjustmentService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.followUps.register(this);
  }

  async afterPosting(sql: SqlSession, setup: CostingSetup, _state: LedgerState, touchedItems: string[], workDate: IsoDate | null): Promise<string | null> {
    const adjusted = await this.adjustment.adjustAfterPosting(sql, setup, touchedItems, workDate ?? this.clock.today());
    return adjusted ? `automatic cost adjustment: ${adjusted.entriesWritten} value entries for ${touchedItems.length} item(s)` : null;
  }
}
