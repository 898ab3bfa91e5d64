import { Module } from '@nestjs/common';
import { LedgerQueryService } from './ledger-query.service';
import { LedgersController } from './ledgers.controller';

@Module({
  controllers: [LedgersController],
  providers: [LedgerQueryService],
  exports: [LedgerQueryService],
})
export class LedgersModule {}
