import { Module } from '@nestjs/common';
import { InventoryGLReconciliationService } from './inventory-gl-reconciliation.service';
import { ReconciliationController } from './reconciliation.controller';

@Module({
  controllers: [ReconciliationController],
  providers: [InventoryGLReconciliationService],
  exports: [InventoryGLReconciliationService],
})
export class ReconciliationModule {}
