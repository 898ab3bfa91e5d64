import { Module } from '@nestjs/common';
import { LedgerQueryRepository } from './ledger-query.repository';
import { LedgerQueryService } from './ledger-query.service';
import { LedgersController } from './ledgers.controller';

@Module({
  controllers: [LedgersController],
  providers: [LedgerQueryService, LedgerQueryRepository],
  exports: [LedgerQueryService],
})
export class LedgersModule {}
