import { Module } from '@nestjs/common';
import { AdjustmentController } from './adjustment.controller';
import { AdjustmentRunsService } from './adjustment-runs.service';
import { AdjustmentService } from './adjustment.service';

@Module({
  controllers: [AdjustmentController],
  providers: [AdjustmentService, AdjustmentRunsService],
  exports: [AdjustmentService, AdjustmentRunsService],
})
export class AdjustmentModule {}
