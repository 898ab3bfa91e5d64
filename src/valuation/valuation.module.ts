import { Module } from '@nestjs/common';
import { ItemJournalModule } from '../item-journal/item-journal.module';
import { RevaluationService } from './revaluation.service';

@Module({
  imports: [ItemJournalModule],
  providers: [RevaluationService],
  exports: [RevaluationService],
})
export class ValuationModule {}
