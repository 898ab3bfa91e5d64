import { Module } from '@nestjs/common';
import { InventoryCostPostingService } from './inventory-cost-posting.service';

@Module({
  providers: [InventoryCostPostingService],
  exports: [InventoryCostPostingService],
})
export class PostingModule {}
