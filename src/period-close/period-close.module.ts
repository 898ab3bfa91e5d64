import { Module } from '@nestjs/common';
import { InventoryPeriodsController } from './inventory-periods.controller';
import { InventoryPeriodsRepository } from './inventory-periods.repository';
import { InventoryPeriodsService } from './inventory-periods.service';

@Module({
  controllers: [InventoryPeriodsController],
  providers: [InventoryPeriodsService, InventoryPeriodsRepository],
  exports: [InventoryPeriodsService],
})
export class PeriodCloseModule {}
