import { Module } from '@nestjs/common';
import { ItemJournalModule } from '../item-journal/item-journal.module';
import { PostingModule } from '../posting/posting.module';
import { AdjustmentController } from './adjustment.controller';
import { AdjustmentRunsService } from './adjustment-runs.service';
import { AdjustmentRepository } from './adjustment.repository';
import { AdjustmentService } from './adjustment.service';
import { AutomaticAdjustmentFollowUp } from './automatic-adjustment.follow-up';
import { AdjustmentBatchJob } from './adjustment-batch.job';
import { AdjustmentBatchesRepository } from './adjustment-batches.repository';
import { AdjustmentFanOut } from './adjustment-fan-out';

@Module({
  imports: [PostingModule, ItemJournalModule],
  controllers: [AdjustmentController],
  providers: [
    AdjustmentService,
    AdjustmentRepository,
    AdjustmentRunsService,
    AutomaticAdjustmentFollowUp,
    AdjustmentFanOut,
    AdjustmentBatchJob,
    AdjustmentBatchesRepository,
  ],
  exports: [AdjustmentService, AdjustmentRunsService],
})
export class AdjustmentModule {}
