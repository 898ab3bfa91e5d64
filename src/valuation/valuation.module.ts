import { Module } from '@nestjs/common';
import { ItemJournalModule } from '../item-journal/item-journal.module';
import { RevaluationService } from './revaluation.service';
import { ValuationController } from './valuation.controller';

@Module({
  imports: [ItemJournalModule],
  controllers: [ValuationController],
  providers: [RevaluationService],
  exports: [RevaluationService],
})
export class ValuationModule {}
