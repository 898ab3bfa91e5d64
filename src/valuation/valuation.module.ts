import { Module } from '@nestjs/common';
import { ItemJournalModule } from '../item-journal/item-journal.module';
import { ValuationRepository } from './valuation.repository';
import { RevaluationService } from './revaluation.service';
import { ValuationController } from './valuation.controller';

@Module({
  imports: [ItemJournalModule],
  controllers: [ValuationController],
  providers: [RevaluationService, ValuationRepository],
  exports: [RevaluationService],
})
export class ValuationModule {}
