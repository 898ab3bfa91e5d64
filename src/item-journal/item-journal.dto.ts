import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { MAX_ENTRY_NO } from './journal-input';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIsoDateInput } from '../common/http/iso-date.validator';
import { DECIMAL_SCHEMA, IsDecimalInput } from '../common/http/decimal-input.validator';
import { ITEM_LEDGER_ENTRY_TYPES } from '../costing/types';

const decimalProperty = DECIMAL_SCHEMA;

export class JournalLineDto {
  @ApiProperty({ enum: ITEM_LEDGER_ENTRY_TYPES })
  @IsIn(ITEM_LEDGER_ENTRY_TYPES)
  entryType!: string;

  @ApiProperty() @IsString() @MaxLength(255) itemNo!: string;

  @ApiProperty({ format: 'date' }) @IsIsoDateInput() postingDate!: string;

  @ApiProperty({ ...decimalProperty, description: "Positive in the entry type's direction; negative reverses it (returns)" })
  @IsDecimalInput()
  quantity!: string;

  @ApiPropertyOptional({ ...decimalProperty, description: 'Inbound: direct unit cost. Outbound: the cost first posted' })
  @IsOptional()
  @IsDecimalInput()
  unitCost?: string;

  @ApiPropertyOptional({ ...decimalProperty, description: 'Total direct cost of the line, instead of unitCost' })
  @IsOptional()
  @IsDecimalInput()
  amount?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) locationCode?: string;
  @ApiPropertyOptional({ description: 'Transfer: the receiving location' }) @IsOptional() @IsString() @MaxLength(255) newLocationCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) variantCode?: string;
  @ApiPropertyOptional({ default: true, description: 'false posts the receipt/shipment only, at expected cost (R61)' })
  @IsOptional()
  @IsBoolean()
  invoice?: boolean;
  @ApiPropertyOptional({ description: 'Appl.-to Item Entry (fixed application, R26)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ENTRY_NO)
  appliesToEntry?: number;
  @ApiPropertyOptional({ description: 'Appl.-from Item Entry (cost application, R26)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ENTRY_NO)
  appliesFromEntry?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) serialNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) lotNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) genBusPostingGroup?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) documentNo?: string;
}

export class PostJournalDto {
  @ApiProperty({ type: [JournalLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50_000)
  @ValidateNested({ each: true })
  @Type(() => JournalLineDto)
  lines!: JournalLineDto[];
}

export class InvoiceDto {
  @ApiProperty() @IsInt() @Min(1) @Max(MAX_ENTRY_NO) itemLedgerEntryNo!: number;
  @ApiProperty({ format: 'date' }) @IsIsoDateInput() postingDate!: string;
  @ApiPropertyOptional({ ...decimalProperty, description: 'Default: everything not yet invoiced' }) @IsOptional() @IsDecimalInput() quantity?: string;
  @ApiPropertyOptional({ ...decimalProperty, description: 'Invoiced direct unit cost' }) @IsOptional() @IsDecimalInput() unitCost?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) documentNo?: string;
}

export class ItemChargeAssignmentDto {
  @ApiProperty() @IsInt() @Min(1) @Max(MAX_ENTRY_NO) itemLedgerEntryNo!: number;
  @ApiPropertyOptional(decimalProperty) @IsOptional() @IsDecimalInput() amount?: string;
}

export class ItemChargeDto {
  @ApiProperty() @IsString() @MaxLength(255) itemChargeNo!: string;
  @ApiProperty({ format: 'date' }) @IsIsoDateInput() postingDate!: string;
  @ApiPropertyOptional({ ...decimalProperty, description: 'Split over the assignments by quantity when they carry no amount' })
  @IsOptional()
  @IsDecimalInput()
  amount?: string;
  @ApiProperty({ type: [ItemChargeAssignmentDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => ItemChargeAssignmentDto)
  assignments!: ItemChargeAssignmentDto[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) documentNo?: string;
}

export class UndoDto {
  @ApiProperty() @IsInt() @Min(1) @Max(MAX_ENTRY_NO) itemLedgerEntryNo!: number;
  @ApiProperty({ format: 'date' }) @IsIsoDateInput() postingDate!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) documentNo?: string;
}
