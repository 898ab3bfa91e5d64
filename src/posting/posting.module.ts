import { Module } from '@nestjs/common';
import { GLJournalService } from './gl-journal.service';
import { InventoryCostPostingService } from './inventory-cost-posting.service';
import { PostingController } from './posting.controller';

@Module({
  controllers: [PostingController],
  providers: [InventoryCostPostingService, GLJournalService],
  exports: [InventoryCostPostingService, GLJournalService],
})
export class PostingModule {}
