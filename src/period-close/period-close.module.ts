import { Module } from '@nestjs/common';
import { InventoryPeriodsController } from './inventory-periods.controller';
import { InventoryPeriodsService } from './inventory-periods.service';

@Module({
  controllers: [InventoryPeriodsController],
  providers: [InventoryPeriodsService],
  exports: [InventoryPeriodsService],
})
export class PeriodCloseModule {}
