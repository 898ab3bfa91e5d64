import { Module } from '@nestjs/common';
import { ItemJournalModule } from '../item-journal/item-journal.module';
import { AutomaticCostPostingFollowUp } from './automatic-cost-posting.follow-up';
import { GeneralLedgerRepository } from './general-ledger.repository';
import { GLJournalService } from './gl-journal.service';
import { InventoryCostPostingService } from './inventory-cost-posting.service';
import { PostingController } from './posting.controller';

@Module({
  imports: [ItemJournalModule],
  controllers: [PostingController],
  providers: [GeneralLedgerRepository, InventoryCostPostingService, GLJournalService, AutomaticCostPostingFollowUp],
  exports: [InventoryCostPostingService, GLJournalService],
})
export class PostingModule {}
