import { Module } from '@nestjs/common';
import { AdjustmentModule } from '../adjustment/adjustment.module';
import { Clock } from '../common/clock';
import { ItemJournalController } from './item-journal.controller';
import { ItemJournalService } from './item-journal.service';
import { PostingFollowUps } from './posting-follow-ups';

@Module({
  imports: [AdjustmentModule],
  controllers: [ItemJournalController],
  providers: [ItemJournalService, PostingFollowUps, Clock],
  exports: [ItemJournalService, PostingFollowUps],
})
export class ItemJournalModule {}
