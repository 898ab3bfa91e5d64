import { Module } from '@nestjs/common';
import { ItemJournalController } from './item-journal.controller';
import { ItemJournalService } from './item-journal.service';
import { PostingFollowUps } from './posting-follow-ups';

@Module({
  controllers: [ItemJournalController],
  providers: [ItemJournalService, PostingFollowUps],
  exports: [ItemJournalService],
})
export class ItemJournalModule {}
