import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsOptional, IsString, ValidateNested, MaxLength } from 'class-validator';
import { Access } from '../access/access.decorator';
import { CurrentUser } from '../common/http/current-user.decorator';
import { DECIMAL_SCHEMA, IsDecimalInput } from '../common/http/decimal-input.validator';
import { IsIsoDateInput } from '../common/http/iso-date.validator';
import { GLJournalService } from './gl-journal.service';
import { InventoryCostPostingService, PostingMethod } from './inventory-cost-posting.service';

export class PostInventoryCostDto {
  @ApiPropertyOptional({ enum: ['PerEntry', 'PerPostingGroup'], default: 'PerEntry' })
  @IsOptional()
  @IsIn(['PerEntry', 'PerPostingGroup'])
  method?: PostingMethod;
  @ApiPropertyOptional({ description: 'Per posting group only (R106)' }) @IsOptional() @IsString() @MaxLength(255) documentNo?: string;
}

export class GLJournalLineDto {
  @ApiProperty() @IsString() @MaxLength(255) accountNo!: string;
  @ApiProperty({ format: 'date' }) @IsIsoDateInput() postingDate!: string;
  @ApiProperty({ ...DECIMAL_SCHEMA, description: 'Debit positive, credit negative' }) @IsDecimalInput() amount!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) documentNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) description?: string;
}

export class GLJournalDto {
  @ApiProperty({ type: [GLJournalLineDto] })
  @IsArray()
  @ArrayMinSize(2)
  @ValidateNested({ each: true })
  @Type(() => GLJournalLineDto)
  lines!: GLJournalLineDto[];
}

@ApiTags('general ledger')
@Controller('api')
export class PostingController {
  constructor(
    private readonly inventoryCost: InventoryCostPostingService,
    private readonly journal: GLJournalService,
  ) {}

  @Post('gl-posting/inventory-cost')
  @Access('operate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Post Inventory Cost to G/L (R99–R107): what is not yet posted, per entry or per posting group; skipped entries listed with the reason',
  })
  postInventoryCost(@Body() body: PostInventoryCostDto, @CurrentUser() user: string) {
    return this.inventoryCost.post(user, { method: body.method ?? 'PerEntry', documentNo: body.documentNo ?? null });
  }

  @Post('gl-journal')
  @Access('operate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Post a general journal: balanced lines straight to G/L accounts, or nothing' })
  postJournal(@Body() body: GLJournalDto, @CurrentUser() user: string) {
    return this.journal.post(body.lines, user);
  }
}
