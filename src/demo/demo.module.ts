import { Module } from '@nestjs/common';
import { ItemJournalModule } from '../item-journal/item-journal.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { SetupModule } from '../setup/setup.module';
import { DemoService } from './demo.service';
import { ProductionModule } from '../production/production.module';
import { ValuationModule } from '../valuation/valuation.module';

/** The demo company for newcomers (`npm start` on an empty embedded database, `costclose demo`). */
@Module({
  imports: [SetupModule, ItemJournalModule, PipelineModule, ProductionModule, ValuationModule],
  providers: [DemoService],
  exports: [DemoService],
})
export class DemoModule {}
