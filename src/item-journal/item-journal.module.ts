import { Module } from '@nestjs/common';
import { ItemJournalController } from './item-journal.controller';
import { ItemJournalRepository } from './item-journal.repository';
import { ItemJournalService } from './item-journal.service';
import { PostingFollowUps } from './posting-follow-ups';

/**
 * The item journal, the first stage of the pipeline: it depends on no later stage. Automatic
 * adjustment and cost posting register themselves as follow-ups (PostingFollowUps) from their
 * own modules.
 */
@Module({
  controllers: [ItemJournalController],
  providers: [ItemJournalService, ItemJournalRepository, PostingFollowUps],
  exports: [ItemJournalService, PostingFollowUps],
})
export class ItemJournalModule {}
