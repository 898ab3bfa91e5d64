import { Module } from '@nestjs/common';
import { ItemJournalModule } from '../item-journal/item-journal.module';
import { AssemblyController } from './assembly.controller';
import { AssemblyRepository } from './assembly.repository';
import { AssemblyService } from './assembly.service';

/** Assembly orders (R95, R96): posted in one step beside the item journal, settled by cost adjustment. */
@Module({
  imports: [ItemJournalModule],
  controllers: [AssemblyController],
  providers: [AssemblyService, AssemblyRepository],
  exports: [AssemblyService],
})
export class AssemblyModule {}
