import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { CurrentUser } from '../common/http/current-user.decorator';
import { InvoiceDto, ItemChargeDto, PostJournalDto, UndoDto } from './item-journal.dto';
import { ItemJournalService, PostingReceipt } from './item-journal.service';
import type { PostingInput } from './journal-input';

@ApiTags('item journal')
@Controller('api/item-journal')
export class ItemJournalController {
  constructor(private readonly journal: ItemJournalService) {}

  @Post('post')
  @Access('operate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Post a batch of item journal lines: all of them in one transaction, or none' })
  post(@Body() body: PostJournalDto, @CurrentUser() user: string): Promise<PostingReceipt> {
    return this.journal.post(body.lines as PostingInput[], user);
  }

  @Post('invoice')
  @Access('operate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Invoice (part of) a receipt or shipment posted without invoice (R62)' })
  invoice(@Body() body: InvoiceDto, @CurrentUser() user: string): Promise<PostingReceipt> {
    return this.journal.post([{ kind: 'invoice', ...body }], user);
  }

  @Post('item-charge')
  @Access('operate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Assign an item charge (freight, insurance) to inbound entries (R67)' })
  itemCharge(@Body() body: ItemChargeDto, @CurrentUser() user: string): Promise<PostingReceipt> {
    return this.journal.post([{ kind: 'itemCharge', ...body }], user);
  }

  @Post('undo')
  @Access('operate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Undo a receipt or shipment that is not invoiced' })
  undo(@Body() body: UndoDto, @CurrentUser() user: string): Promise<PostingReceipt> {
    return this.journal.post([{ kind: 'undo', ...body }], user);
  }
}
