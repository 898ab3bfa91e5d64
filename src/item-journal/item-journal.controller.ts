import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { CurrentUser } from '../common/http/current-user.decorator';
import { InvoiceDto, ItemChargeDto, PostJournalDto, UndoDto } from './item-journal.dto';
import { ItemJournalService, PostingReceipt } from './item-journal.service';
import type { PostingInput } from './journal-input';
import { inRequestFieldNames } from './request-field-names';

@ApiTags('item journal')
@Controller('api/item-journal')
export class ItemJournalController {
  constructor(private readonly journal: ItemJournalService) {}

  @Post('post')
  @Access('operate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Post a batch of item journal lines: all of them in one transaction, or none' })
  post(@Body() body: PostJournalDto, @CurrentUser() user: string): Promise<PostingReceipt> {
    const inputs = body.lines as PostingInput[];
    return inRequestFieldNames(inputs, () => this.journal.post(inputs, user));
  }

  @Post('invoice')
  @Access('operate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Invoice (part of) a receipt or shipment posted without invoice (R62)' })
  invoice(@Body() body: InvoiceDto, @CurrentUser() user: string): Promise<PostingReceipt> {
    const inputs: PostingInput[] = [{ kind: 'invoice', ...body }];
    return inRequestFieldNames(inputs, () => this.journal.post(inputs, user));
  }

  @Post('item-charge')
  @Access('operate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Assign an item charge (freight, insurance) to inbound entries (R67)' })
  itemCharge(@Body() body: ItemChargeDto, @CurrentUser() user: string): Promise<PostingReceipt> {
    const inputs: PostingInput[] = [{ kind: 'itemCharge', ...body }];
    return inRequestFieldNames(inputs, () => this.journal.post(inputs, user));
  }

  @Post('undo')
  @Access('operate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Undo a receipt or shipment that is not invoiced' })
  undo(@Body() body: UndoDto, @CurrentUser() user: string): Promise<PostingReceipt> {
    const inputs: PostingInput[] = [{ kind: 'undo', ...body }];
    return inRequestFieldNames(inputs, () => this.journal.post(inputs, user));
  }
}
