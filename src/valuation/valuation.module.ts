import { Module } from '@nestjs/common';
import { ItemJournalModule } from '../item-journal/item-journal.module';
import { ValuationRepository } from './valuation.repository';
import { RevaluationService } from './revaluation.service';
import { ValuationController } from './valuation.controller';
import { StandardCostRepository } from './standard-cost/standard-cost.repository';
import { StandardCostService } from './standard-cost/standard-cost.service';
import { StandardCostController } from './standard-cost/standard-cost.controller';

@Module({
  imports: [ItemJournalModule],
  controllers: [ValuationController, StandardCostController],
  providers: [RevaluationService, ValuationRepository, StandardCostService, StandardCostRepository],
  exports: [RevaluationService, StandardCostService],
})
export class ValuationModule {}
