import { Module } from '@nestjs/common';
import { InventoryGLReconciliationService } from './inventory-gl-reconciliation.service';
import { ReconciliationController } from './reconciliation.controller';
import { ReconciliationRepository } from './reconciliation.repository';

@Module({
  controllers: [ReconciliationController],
  providers: [InventoryGLReconciliationService, ReconciliationRepository],
  exports: [InventoryGLReconciliationService],
})
export class ReconciliationModule {}
