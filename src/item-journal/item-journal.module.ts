import { Module } from '@nestjs/common';
import { AdjustmentModule } from '../adjustment/adjustment.module';
import { PostingModule } from '../posting/posting.module';
import { ItemJournalController } from './item-journal.controller';
import { ItemJournalService } from './item-journal.service';
import { PostingFollowUps } from './posting-follow-ups';

@Module({
  imports: [AdjustmentModule, PostingModule],
  controllers: [ItemJournalController],
  providers: [ItemJournalService, PostingFollowUps],
  exports: [ItemJournalService, PostingFollowUps],
})
export class ItemJournalModule {}
