import { Module } from '@nestjs/common';
import { ItemJournalModule } from '../item-journal/item-journal.module';
import { ProductionController } from './production.controller';
import { ProductionRepository } from './production.repository';
import { ProductionService } from './production.service';

/** Production orders (R92–R94): posted beside the item journal, invoiced at order level by cost adjustment. */
@Module({
  imports: [ItemJournalModule],
  controllers: [ProductionController],
  providers: [ProductionService, ProductionRepository],
  exports: [ProductionService],
})
export class ProductionModule {}
