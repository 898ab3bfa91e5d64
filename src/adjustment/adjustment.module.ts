import { Module } from '@nestjs/common';
import { PostingModule } from '../posting/posting.module';
import { AdjustmentController } from './adjustment.controller';
import { AdjustmentRunsService } from './adjustment-runs.service';
import { AdjustmentService } from './adjustment.service';

@Module({
  imports: [PostingModule],
  controllers: [AdjustmentController],
  providers: [AdjustmentService, AdjustmentRunsService],
  exports: [AdjustmentService, AdjustmentRunsService],
})
export class AdjustmentModule {}
